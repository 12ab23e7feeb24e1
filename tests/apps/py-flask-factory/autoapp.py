"""Create an application instance."""

from myflaskapp.app import create_app

app = create_app()
