"""The local stack: stand-ins for AWS that let the whole pipeline run on one machine, without internet.

- moto_server: moto in server mode on 127.0.0.1, standing in for S3, SQS and EventBridge Scheduler.
- template: reads the wiring (functions, queues, event sources, notifications, schedules) from template.yaml,
  the same file SAM deploys, so local runs cannot drift from production.
- provision: creates the template's bucket, queues, notification and schedules in moto.
- delivery: does what Lambda's SQS pollers and EventBridge Scheduler do in AWS, calling the handlers in
  functions/<name>/app.py with events of the exact AWS shapes.
- postgres: a PostgreSQL server for local runs and tests.
"""
