"""The public module, including the homepage."""

from . import views
