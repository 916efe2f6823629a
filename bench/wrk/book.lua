-- wrk script: POST /api/book with "confirm" (a planner's bearer token in CS_TOKEN), each
-- request for the next opportunity of CS_BOOK_OPPORTUNITIES (ids separated by commas), an
-- hour's visit, the best slot.
local opportunities = {}
for id in string.gmatch(os.getenv("CS_BOOK_OPPORTUNITIES"), "[^,]+") do opportunities[#opportunities + 1] = id end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CS_TOKEN")

function request()
  n = n + 1
  local body = '{"opportunity":"' .. opportunities[(n % #opportunities) + 1] .. '","duration":60,"confirm":true}'
  return wrk.format(nil, nil, nil, body)
end
