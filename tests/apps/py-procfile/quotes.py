import random

from flask import Flask, jsonify

app = Flask(__name__)

QUOTES = [
    {"text": "Simple is better than complex.", "source": "The Zen of Python"},
    {"text": "Readability counts.", "source": "The Zen of Python"},
    {"text": "Now is better than never.", "source": "The Zen of Python"},
]


@app.route("/")
def index():
    return "<h1>Quotes</h1><p>GET /quotes for all of them, /quotes/random for one.</p>"


@app.route("/quotes")
def all_quotes():
    return jsonify(quotes=QUOTES)


@app.route("/quotes/random")
def random_quote():
    return jsonify(random.choice(QUOTES))
