-- Spins forever in run().
return { name = "endless-loop", description = "loops forever", run = function() while true do end end }
