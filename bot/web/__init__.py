"""The web edge of the bot: the station screens and the officers' desk (`lingong web`).

Only this package imports starlette, jinja2 and uvicorn; it reads and acts through the same
handlers and storage functions as the chat."""
