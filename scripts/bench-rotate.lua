-- scripts/bench-rotate.lua — wrk script for scripts/bench.sh: every request takes the next path from a
-- file of request paths (one per line), so a measurement covers many rows instead of one hot page.
-- Usage: wrk ... -s scripts/bench-rotate.lua http://host:port -- PATHS_FILE
-- Each wrk thread starts at its own offset in the list; the headers given with -H (the session cookie)
-- go with every request. The requests are formatted once, in init, so the client does no more work per
-- request than for a fixed URL (the hello it is compared with).
local threads = 0

function setup(thread)
    thread:set("offset", threads * 7919)
    threads = threads + 1
end

local paths, n, i = {}, 0, 0   -- the formatted requests

function init(args)
    for line in io.lines(args[1]) do
        if #line > 0 then
            n = n + 1
            paths[n] = wrk.format(nil, line)
        end
    end
    if n == 0 then error("bench-rotate.lua: no paths in " .. args[1]) end
    i = (offset or 0) % n
end

function request()
    i = i % n + 1
    return paths[i]
end
