import os

from dotenv import load_dotenv

basedir = os.path.abspath(os.path.dirname(__file__))
load_dotenv(os.path.join(basedir, ".env"))


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "you-will-never-guess"
    POSTS_PER_PAGE = 25
    LOG_TO_STDOUT = os.environ.get("LOG_TO_STDOUT")
