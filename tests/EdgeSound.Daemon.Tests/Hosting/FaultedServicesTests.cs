using EdgeSound.Daemon.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeSound.Daemon.Tests.Hosting;

public sealed class FaultedServicesTests
{
    [Fact]
    public void A_service_that_throws_is_named_after_the_host_stops_and_one_that_ends_is_not()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddHostedService<Finishes>();
        builder.Services.AddHostedService<Throws>();
        using var host = builder.Build();
        var services = FaultedServices.Registered(host);

        host.Run();

        Assert.Equal([nameof(Throws)], FaultedServices.Of(services));
    }

    [Fact]
    public void A_host_whose_services_end_normally_has_none()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddHostedService<Finishes>();
        builder.Services.AddHostedService<StopsTheHost>();
        using var host = builder.Build();
        var services = FaultedServices.Registered(host);

        host.Run();

        Assert.Empty(FaultedServices.Of(services));
    }

    private sealed class Finishes : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }

    private sealed class Throws : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("a bug in a service");
        }
    }

    private sealed class StopsTheHost(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            lifetime.StopApplication();
        }
    }
}
