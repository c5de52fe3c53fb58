-- Appended to intake.lua for the paced run: each connection waits this long before its next
-- request (defined only then: wrk schedules every request through a timer once delay() exists).
function delay()
  return pause
end
