-- Raises a plain table.
return { name = "error-table", description = "table error", run = function()
  error({ code = 42 })
end }
