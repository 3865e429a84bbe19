namespace NtkGen;

/// <summary>
/// What was asked for is impossible (a width of 0, a negative variance, a kernel path that does not exist, more images
/// of a digit than the data hold): raised before any work, by the experiments' <c>Validate</c> and where a request meets
/// what it needs. <see cref="ArgumentException.ParamName"/> names the property or setting, and the message speaks of
/// properties, never of command-line flags (the command line maps its options to them).
/// </summary>
public sealed class InvalidConfigurationException(string property, string message) : ArgumentException(message, property)
{
    /// <summary>The message without the parameter suffix <see cref="ArgumentException"/> adds.</summary>
    public override string Message => base.Message.Replace($" (Parameter '{ParamName}')", "", StringComparison.Ordinal);
}
