using HessianLab.Cli;
using HessianLab.Core;

// Freed tensor memory stays in the process for reuse (NativeHeap); libtorch loads on a second core while the command
// line is parsed and checked (CliStartup). Neither changes a number.
NativeHeap.RetainFreedMemory();
CliStartup.LoadTorchInBackground(args);
return CliApp.Run(args);
