# The portal for App Runner (or any container host): SDK stage builds, ASP.NET stage runs as non-root.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# node + npm: the build restores the client libraries libman.json lists with `npm pack`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props libman.json ./
COPY build/ build/
COPY src/ src/
RUN dotnet publish src/Portal/Portal.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The embedded SQLite records (jobs run on Hangfire.InMemory and resume from them); mount a volume here, or set Portal:Data to PostgreSQL
# (several instances, or a host like App Runner whose disk does not outlive the instance).
RUN mkdir -p /app/data && chown $APP_UID /app/data
ENV Portal__Data__Directory=/app/data
VOLUME /app/data
# App Runner passes the port in PORT; the portal listens on it on every interface (8080 unless told).
ENV PORT=8080
EXPOSE 8080
# APP_UID is the image's non-root "app" user.
USER $APP_UID
# The runtime image has no curl: the portal probes its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "/app/Portal.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "/app/Portal.dll"]
