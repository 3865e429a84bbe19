namespace NtkGen.Cli;

/// <summary>A problem with what the user asked for; printed as one line, exit code 2.</summary>
internal sealed class CommandLineError(string message) : Exception(message);
