using Portal.LocalCloud;

// Standalone LocalCloud: `dotnet run --project src/Portal.LocalCloud [--Port 4566] [--TimeScale 0.05] [--TrafficRatePerSecond 5]`
// (or LOCALCLOUD_PORT=... environment variables). Prints the endpoint and what it seeded, then runs until Ctrl+C.
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables("LOCALCLOUD_")
    .AddCommandLine(args)
    .Build();
var options = new LocalCloudOptions();
configuration.Bind(options);

await using var cloud = await LocalCloudHost.StartAsync(options);
Console.WriteLine(SeedReport.Describe(cloud));

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
