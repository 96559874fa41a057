-- wrk script: POST the body in the BODY environment variable as JSON.
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
