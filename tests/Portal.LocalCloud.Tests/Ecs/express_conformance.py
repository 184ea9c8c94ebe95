"""ECS Express Mode conformance: boto3/botocore (an independent client that knows AWS's ECS model) drives
every Express operation LocalCloud serves. botocore validates each request against the model before
sending it; this script checks each raw JSON answer against the operation's output shape (no member
the model lacks, required members present, types and enums as modelled) and each error code against
the operation's modelled errors.

Usage: python3 express_conformance.py <endpoint> <region> <express service ARN>
Prints one JSON line {"operations": [...], "checks": n} and exits 0, or exits 1 naming the failure.
"""
import json
import sys
import time

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, region, service_arn = sys.argv[1:4]
client = boto3.client(
    "ecs", endpoint_url=endpoint, region_name=region,
    aws_access_key_id="test", aws_secret_access_key="test",
    config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=10, read_timeout=30),
)
model = client.meta.service_model
raw = {}
operations = set()
checks = 0


def capture(http_response, model, **_):
    raw[model.name] = http_response.content


client.meta.events.register("after-call.ecs.*", capture)


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def conform(shape, value, path):
    global checks
    checks += 1
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            fail(f"{path}: expected an object ({shape.name}), got {value!r}")
        for key, item in value.items():
            if key not in shape.members:
                fail(f"{path}.{key}: not a member of {shape.name} in AWS's model")
            if item is not None:
                conform(shape.members[key], item, f"{path}.{key}")
        for key in shape.required_members:
            if key not in value:
                fail(f"{path}: required member {key} of {shape.name} is missing")
    elif kind == "list":
        if not isinstance(value, list):
            fail(f"{path}: expected a list, got {value!r}")
        for i, item in enumerate(value):
            conform(shape.member, item, f"{path}[{i}]")
    elif kind == "string":
        if not isinstance(value, str):
            fail(f"{path}: expected a string, got {value!r}")
        if shape.enum and value not in shape.enum:
            fail(f"{path}: {value!r} is not one of {shape.enum}")
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            fail(f"{path}: expected an integer, got {value!r}")
    elif kind in ("double", "float"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            fail(f"{path}: expected a number, got {value!r}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            fail(f"{path}: expected a boolean, got {value!r}")
    elif kind == "timestamp":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            fail(f"{path}: expected an epoch-seconds timestamp, got {value!r}")
    else:
        fail(f"{path}: shape type {kind} not handled by this checker")


def call(operation, **params):
    """Calls an operation, checks the raw answer against its output shape, returns botocore's parse."""
    operations.add(operation)
    method = getattr(client, botocore.xform_name(operation))
    parsed = method(**params)
    conform(model.operation_model(operation).output_shape, json.loads(raw[operation]), operation)
    return parsed


def expect_error(code, operation, **params):
    """The call must fail with `code`, and `code` must be one the model lists for the operation."""
    global checks
    modelled = [e.name for e in model.operation_model(operation).error_shapes]
    if code not in modelled:
        fail(f"{operation}: expected error {code} is not in the model's errors {modelled}")
    try:
        getattr(client, botocore.xform_name(operation))(**params)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        if got != code:
            fail(f"{operation}: expected {code}, got {got}: {e.response['Error'].get('Message')}")
        if not e.response["Error"].get("Message"):
            fail(f"{operation}: error {code} has no message")
        checks += 1
        return
    fail(f"{operation}: expected {code}, but the call succeeded")


def wait_for(deployment_arn, final_statuses):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        deployment = call("DescribeServiceDeployments", serviceDeploymentArns=[deployment_arn])["serviceDeployments"][0]
        if deployment["status"] in final_statuses:
            return deployment
        time.sleep(0.05)
    fail(f"deployment {deployment_arn} did not reach {final_statuses} within 60 s")


def newest_deployment():
    return call("ListServiceDeployments", service=service_arn)["serviceDeployments"][0]


# Describe: the seeded service with its active configuration, tags on request.
service = call("DescribeExpressGatewayService", serviceArn=service_arn, include=["TAGS"])["service"]
if service["serviceArn"] != service_arn or service["status"]["statusCode"] != "ACTIVE":
    fail(f"DescribeExpressGatewayService answered {service['serviceArn']} {service['status']}")
active = service["activeConfigurations"][0]
old_image = active["primaryContainer"]["image"]
if not old_image.endswith(":v1") or not service.get("tags"):
    fail(f"seeded service should run v1 and have tags: {active['primaryContainer']}, tags {service.get('tags')}")
new_image = old_image.replace(":v1", ":v2")

# Update only the image: everything else of the active configuration is kept.
updated = call("UpdateExpressGatewayService", serviceArn=service_arn, primaryContainer={"image": new_image})["service"]
target = updated["targetConfiguration"]
if target["primaryContainer"]["image"] != new_image or target["cpu"] != active["cpu"] or target["healthCheckPath"] != active["healthCheckPath"] \
        or target["scalingTarget"] != active["scalingTarget"] or target["serviceRevisionArn"] == active["serviceRevisionArn"]:
    fail(f"UpdateExpressGatewayService target {target} does not keep the active configuration {active}")

deployment = newest_deployment()
if deployment["targetServiceRevisionArn"] != target["serviceRevisionArn"] or deployment["status"] not in ("PENDING", "IN_PROGRESS"):
    fail(f"newest deployment {deployment} is not the update's rollout")
done = wait_for(deployment["serviceDeploymentArn"], ("SUCCESSFUL", "ROLLBACK_SUCCESSFUL", "STOPPED"))
if done["status"] != "SUCCESSFUL":
    fail(f"deployment of {new_image} ended {done['status']}: {done.get('statusReason')}")
current = call("DescribeExpressGatewayService", serviceArn=service_arn)["service"]["activeConfigurations"][0]
if current["primaryContainer"]["image"] != new_image:
    fail(f"after a successful deployment the service runs {current['primaryContainer']['image']}")

# A revision that fails its health check rolls back; the service keeps running the previous image.
call("UpdateExpressGatewayService", serviceArn=service_arn, primaryContainer={"image": old_image.replace(":v1", ":v3-broken")})
broken = wait_for(newest_deployment()["serviceDeploymentArn"], ("SUCCESSFUL", "ROLLBACK_SUCCESSFUL", "STOPPED"))
if broken["status"] != "ROLLBACK_SUCCESSFUL" or "rollback" not in broken or broken["deploymentCircuitBreaker"]["status"] != "TRIGGERED":
    fail(f"a v3-broken deployment should roll back: {broken}")
if call("DescribeExpressGatewayService", serviceArn=service_arn)["service"]["activeConfigurations"][0]["primaryContainer"]["image"] != new_image:
    fail("after a rollback the service should run the previous image")

# Filters, pagination and a missing ARN.
successful = call("ListServiceDeployments", service=service_arn, status=["SUCCESSFUL"])["serviceDeployments"]
if not successful or any(d["status"] != "SUCCESSFUL" for d in successful):
    fail(f"status filter SUCCESSFUL returned {successful}")
page = call("ListServiceDeployments", service=service_arn, maxResults=1)
if len(page["serviceDeployments"]) != 1 or "nextToken" not in page:
    fail(f"maxResults=1 should return one deployment and a nextToken: {page}")
second = call("ListServiceDeployments", service=service_arn, maxResults=1, nextToken=page["nextToken"])
if second["serviceDeployments"][0]["serviceDeploymentArn"] == page["serviceDeployments"][0]["serviceDeploymentArn"]:
    fail("the second page repeats the first")
missing_arn = f"arn:aws:ecs:{region}:000000000000:service-deployment/default/webapp-production/doesnotexist"
described = call("DescribeServiceDeployments", serviceDeploymentArns=[missing_arn])
if described["serviceDeployments"] or described["failures"][0]["arn"] != missing_arn:
    fail(f"a missing deployment ARN should be a failure: {described}")

# Errors in ECS's format, with codes the model lists for each operation.
unknown = f"arn:aws:ecs:{region}:000000000000:service/default/no-such-service"
expect_error("ResourceNotFoundException", "DescribeExpressGatewayService", serviceArn=unknown)
expect_error("ServiceNotFoundException", "UpdateExpressGatewayService", serviceArn=unknown, primaryContainer={"image": new_image})
expect_error("InvalidParameterException", "UpdateExpressGatewayService", serviceArn=service_arn, cpu="300")
expect_error("InvalidParameterException", "DescribeExpressGatewayService", serviceArn="not-an-arn")
expect_error("ServiceNotFoundException", "ListServiceDeployments", service="no-such-service")
expect_error("ClusterNotFoundException", "ListServiceDeployments", service=service_arn, cluster="other")

print(json.dumps({"operations": sorted(operations), "checks": checks}))
