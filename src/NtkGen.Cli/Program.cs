using NtkGen.Cli;

return NtkGenCli.Run(args, Console.Out, Console.Error);
