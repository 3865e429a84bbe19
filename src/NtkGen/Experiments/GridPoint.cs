namespace NtkGen.Experiments;

/// <summary>One grid point: a depth and a σ_w².</summary>
public sealed record GridPoint<TConfig>(int Index, int Depth, double SigmaW2, TConfig Config)
    where TConfig : GridConfig<TConfig>
{
    /// <summary>The network of this point.</summary>
    public NetworkSpec Spec => Config.Network(Depth, SigmaW2);

    /// <summary>λ = L/M.</summary>
    public double Lambda => (double)Depth / Config.Width;

    /// <summary>The upper 32 bits of this point's random streams (<see cref="PointStreams"/>).</summary>
    public ulong StreamBase => Config.StreamBase(Depth, SigmaW2);
}

/// <summary>A block of samples of one grid point: the unit of work.</summary>
public sealed record GridUnit<TConfig>(int Index, GridPoint<TConfig> Point, int Block, int FirstSample, int Count)
    where TConfig : GridConfig<TConfig>;
