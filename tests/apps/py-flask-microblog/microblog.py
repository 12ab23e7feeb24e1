from app import create_app
from app.main.routes import POSTS

app = create_app()


@app.shell_context_processor
def make_shell_context():
    return {"posts": POSTS}
