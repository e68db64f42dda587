-- A first plugin: shows the shape every Refer plugin has.
local refer = require "refer"

return refer.plugin {
  name = "hello",
  description = "Greets the practice and shows what a plugin receives",
  run = function(ctx)
    print("Hello from " .. ctx.practice.name .. " (" .. ctx.practice.timezone .. ")")
    print(os.date("!Today is %A, %d %B %Y", ctx.now))
    refer.log("a follow-up in two days is " .. refer.days(2) .. " seconds away")
  end,
}
