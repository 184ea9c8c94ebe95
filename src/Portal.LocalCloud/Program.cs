using System.Runtime.InteropServices;
using Portal.LocalCloud;

// Standalone LocalCloud: `dotnet run --project src/Portal.LocalCloud [--Port 4566] [--TimeScale 0.05] [--TrafficRatePerSecond 5]
// [--Environments 40] [--Regions us-east-1,us-east-2,us-west-2]`
// (or LOCALCLOUD_PORT=... environment variables). Prints the endpoint and what it seeded, then runs until Ctrl+C.
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables("LOCALCLOUD_")
    .AddCommandLine(args)
    .Build();
var options = new LocalCloudOptions();
configuration.Bind(options);
options.ReadRegionList(configuration);

// The web host inside registers its own SIGINT/SIGTERM handlers, which cancel the signals' default action and stop
// only that host; Console.CancelKeyPress then never fires. So this process registers for the signals itself,
// before it starts: a signal that arrives while it starts or prints (a test signals as soon as it reads the
// banner) still stops it.
var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);

await using var cloud = await LocalCloudHost.StartAsync(options);
Console.WriteLine(SeedReport.Describe(cloud));

await stop.Task;
Console.WriteLine("LocalCloud stopping.");

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
