-- wrk script: GET a read endpoint with a bearer token (CS_TOKEN).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CS_TOKEN")
