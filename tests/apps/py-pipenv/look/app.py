import falcon

from .images import HealthResource, Resource

app = application = falcon.App()

images = Resource()
app.add_route("/images", images)
app.add_route("/health", HealthResource())
