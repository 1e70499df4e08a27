"""ASGI middleware of the service: the request-body limit (413 before an oversized upload is buffered) and the
security headers every response carries."""
from __future__ import annotations

from starlette.responses import JSONResponse


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413, by Content-Length up front and by
    counting while streaming (chunked uploads), so an oversized upload is never buffered."""

    def __init__(self, app, limit: int, upload_limit: int):
        self.app, self.limit = app, limit
        self.upload_limit = upload_limit  # the setting the message names (limit adds multipart overhead)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _too_large(self.upload_limit)(scope, receive, send)
        seen = 0
        state = {"app_started": False, "refused": False}

        async def guarded_send(message):
            if state["refused"]:
                return  # the 413 went out already: whatever the app says after it is dropped
            state["app_started"] = True
            await send(message)

        async def counting_receive():
            nonlocal seen
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit and not state["app_started"]:
                    # answer now, then tell the app the client is gone so it stops reading
                    state["refused"] = True
                    await _too_large(self.upload_limit)(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not state["refused"]:
                raise  # a real error; after a refusal the app's complaints about the cut body are moot


def too_large_message(limit: int) -> str:
    return f"upload too large: the limit is {limit} bytes (EDGARSIFT_MAX_UPLOAD_BYTES)"


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": too_large_message(limit)}, status_code=413)


class SecurityHeaders:
    """ASGI middleware: nosniff and a strict same-origin CSP on every response (no inline script)."""

    HEADERS = [
        (b"x-content-type-options", b"nosniff"),
        (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                     b"object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        (b"referrer-policy", b"no-referrer"),
    ]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                message["headers"] = headers + [(k, v) for k, v in self.HEADERS if k not in present]
            await send(message)

        await self.app(scope, receive, with_headers)
