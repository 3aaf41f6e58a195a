using HessianLab.Cli;
using HessianLab.Core;

// Freed tensor memory stays in the process for reuse (NativeHeap); the plotting code warms up, and libtorch loads, on
// pool threads while the command line is parsed and checked (CliStartup; `hessian` starts the load once its options
// are checked). None of this changes a number.
NativeHeap.RetainFreedMemory();
CliStartup.WarmUpPlotsInBackground(args);
CliStartup.LoadTorchInBackground(args);
// The command has written and synced everything it reports when it returns; the process then ends without libtorch's
// teardown (CliExit).
return CliExit.Immediately(CliApp.Run(args));
