"""The framework's floor: a bare Flask app that renders one Jinja template.

It has no database, no session, no forms, no translations and no extensions, so its
throughput under the bench's gunicorn is the most any Flask page can do on this
machine. The template renders to about the size of a question page (10 KB) with a
loop and a few variables, as a real page would.

Served by the same command as the portal: gunicorn -c bench/gunicorn.conf.py floor:app
"""

from pathlib import Path

from flask import Flask, render_template

app = Flask(__name__, template_folder=str(Path(__file__).resolve().parent / "templates"))

CHOICES = [
    (f"choice-{n}", f"Choice number {n}", f"A line of hint text that explains choice {n} "
     "in words a parent and a twelve-year-old can both follow.")
    for n in range(1, 15)
]


@app.get("/")
def page():
    return render_template("floor.html", title="What would you like to tell us?",
                           council="Example Council", choices=CHOICES)
