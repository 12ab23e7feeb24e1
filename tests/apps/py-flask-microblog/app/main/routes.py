from app.main import bp

POSTS = [
    {"author": "john", "body": "Beautiful day in Portland!"},
    {"author": "susan", "body": "The Avengers movie was so cool!"},
]


@bp.route("/")
@bp.route("/index")
def index():
    items = "".join(f"<li>{post['author']} says: <b>{post['body']}</b></li>" for post in POSTS)
    return f"<h1>Hi, Microblog!</h1><ul>{items}</ul>"
