"""Public section, including homepage."""

from flask import Blueprint, current_app

blueprint = Blueprint("public", __name__, static_folder="../static")


@blueprint.route("/", methods=["GET"])
def home():
    """Home page."""
    current_app.logger.info("Hello from the home page!")
    return "<h1>Welcome to myflaskapp</h1>"


@blueprint.route("/about/")
def about():
    """About page."""
    return "<p>myflaskapp: an app factory, a blueprint and settings from the environment.</p>"
