-- wrk script: POST /api/quote with a bearer token (CS_TOKEN) and a fixed request body.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CS_TOKEN")
wrk.body = os.getenv("CS_QUOTE_BODY")
