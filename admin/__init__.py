"""The officers' area. Sign-in, the queue and case handling come with the officers' issue;
the blueprint is registered now so the structure is the real one."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
