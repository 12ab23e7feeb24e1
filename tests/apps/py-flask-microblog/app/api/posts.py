from flask import abort

from app.api import bp
from app.main.routes import POSTS


@bp.route("/posts", methods=["GET"])
def get_posts():
    return {"items": POSTS, "total": len(POSTS)}


@bp.route("/posts/<int:id>", methods=["GET"])
def get_post(id):
    if not 0 < id <= len(POSTS):
        abort(404)
    return POSTS[id - 1]
