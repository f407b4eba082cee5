"""The children's services complaints portal.

`create_app` is the application factory; the rules of the procedures live in
`portal.rules` and import nothing from here, so `import portal.rules` works
without an application.
"""


def create_app(config_overrides=None):
    from portal.app import build_app

    return build_app(config_overrides)
