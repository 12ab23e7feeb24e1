import os

import psycopg2
import psycopg2.extensions
from flask import Flask, jsonify

app = Flask(__name__)


def get_db_connection():
    return psycopg2.connect(
        os.environ.get("DATABASE_URL", "postgresql://localhost/flask_db"),
        connect_timeout=3,
    )


@app.route("/")
def index():
    return jsonify(
        driver=f"psycopg2 {psycopg2.__version__}",
        libpq=psycopg2.extensions.libpq_version(),
    )


@app.route("/books")
def books():
    try:
        conn = get_db_connection()
    except psycopg2.OperationalError as error:
        return jsonify(error="database unavailable", detail=str(error).strip()), 503
    with conn, conn.cursor() as cur:
        cur.execute("SELECT id, title, author FROM books ORDER BY id;")
        rows = cur.fetchall()
    conn.close()
    return jsonify(books=[{"id": i, "title": t, "author": a} for i, t, a in rows])


@app.route("/health")
def health():
    return jsonify(status="ok")
