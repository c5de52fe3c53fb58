-- Appended to intake.lua where the answers must be told apart: counts the 2xx answers that say
-- the event was stored (a repeated event is acknowledged as a duplicate instead).
function response(status, headers, body)
  if status >= 200 and status < 300 and body:find('"status":"stored"', 1, true) then
    stored = stored + 1
  end
end
