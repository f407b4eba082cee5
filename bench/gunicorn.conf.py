"""The one gunicorn configuration for every server the bench starts: the portal and the floor.

Two sync workers: one per core of the machine the figures are taken on. The bind address
(127.0.0.1 and a free port) is given on the command line by bench/servers.py.
"""

workers = 2
worker_class = "sync"
timeout = 60
graceful_timeout = 5
accesslog = None  # logging each request would be measured too
errorlog = "-"
loglevel = "warning"
