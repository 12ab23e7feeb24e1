import json

import falcon


class Resource:
    def on_get(self, req, resp):
        doc = {
            "images": [
                {
                    "href": "/images/1eaf6ef1-7f2d-4ecc-a8d5-6e8adba7cc0e.png",
                },
            ],
        }

        # Create a JSON representation of the resource
        resp.text = json.dumps(doc, ensure_ascii=False)

        # The following line can be omitted because 200 is the default
        # status returned by the framework, but it is included here to
        # illustrate how this may be overridden as needed.
        resp.status = falcon.HTTP_200


class HealthResource:
    def on_get(self, req, resp):
        resp.media = {"status": "ok"}
