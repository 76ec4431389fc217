using BenchmarkDotNet.Running;

namespace EdgeSound.Benchmarks;

/// <summary>Runs the benchmarks named by <c>--filter</c> (BenchmarkDotNet's switcher over this assembly).</summary>
internal static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
