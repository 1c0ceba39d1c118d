// Package schedule drives an optimizer's learning rate (and, for the cyclic schedules, its
// momentum or Adam's beta1) step by step, with the exact semantics of torch 1.13's
// torch.optim.lr_scheduler.
//
// A schedule acts on the live hyper-parameters of every parameter group of an optimizer
// (optimizers.HypersOf): Step writes the new "lr" into each group, so the optimizer's next
// Step uses it. As in torch, constructing a schedule already performs its first step
// (epoch 0), and the chainable schedules multiply the group's current lr rather than
// recomputing it from the base, so schedules compose and the values match torch bit for bit.
//
// The base lr of each group is torch's "initial_lr": recorded the first time any schedule
// attaches to the group and shared by every later schedule on it (see InitialLRs), which is
// what makes SequentialLR restart from the right value.
//
// Step cannot return an error, because plugin schedules implement it too. A built-in
// schedule whose step fails (the optimizer's Check refused the value, a user lr_lambda
// panicked, OneCycleLR ran past total_steps) leaves the lr as it was and keeps the first
// failure for its Err method; constructors validate everything they can up front.
//
// Schedules can be built by name from torch's class name and keyword arguments (New), from
// typed constructors, or written in interpreted Go as plugins and added with Register. The
// Scheduler interface is deliberately small so that a plugin needs only Step and LR.
package schedule
