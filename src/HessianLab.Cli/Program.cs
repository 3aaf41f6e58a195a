using HessianLab.Cli;
using HessianLab.Core;

// Freed tensor memory stays in the process for reuse (NativeHeap); libtorch loads, and the plotting code warms up, on
// pool threads while the command line is parsed and checked (CliStartup). None of this changes a number.
NativeHeap.RetainFreedMemory();
CliStartup.LoadTorchInBackground(args);
CliStartup.WarmUpPlotsInBackground(args);
return CliApp.Run(args);
