"""The rule maths of target plans: ``checking`` validates a plan against the registry and
evaluates each rule (one module per kind of rule) for each year."""
