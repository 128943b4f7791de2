"""SQS queues: messages sent ten per SendMessageBatch call, with SQS's partial failures sent again."""

from collections.abc import Iterable, Iterator

from botocore.exceptions import BotoCoreError, ClientError

from cinelake.errors import RetryableError

SQS_MAX_BATCH_ENTRIES = 10
RESEND_ATTEMPTS = 3


class SqsQueue:
    def __init__(self, sqs_client, queue_url: str) -> None:
        self.sqs = sqs_client
        self.queue_url = queue_url

    @classmethod
    def by_name(cls, sqs_client, queue_name: str) -> "SqsQueue":
        try:
            url = sqs_client.get_queue_url(QueueName=queue_name)["QueueUrl"]
        except (BotoCoreError, ClientError) as error:
            raise RetryableError(f"cannot find SQS queue {queue_name}: {error}") from error
        return cls(sqs_client, url)

    def send(self, body: str) -> None:
        self.send_batch([body])

    def send_batch(self, bodies: list[str]) -> None:
        """Send up to ten messages in one call; entries SQS refuses are sent again, then it is an error."""
        pending = {str(i): body for i, body in enumerate(bodies)}
        for _ in range(RESEND_ATTEMPTS):
            entries = [{"Id": entry_id, "MessageBody": body} for entry_id, body in pending.items()]
            try:
                response = self.sqs.send_message_batch(QueueUrl=self.queue_url, Entries=entries)
            except (BotoCoreError, ClientError) as error:
                raise RetryableError(f"SendMessageBatch failed: {error}") from error
            for done in response.get("Successful", []):
                pending.pop(done["Id"])
            if not pending:
                return
        raise RetryableError(f"SQS refused {len(pending)} messages after {RESEND_ATTEMPTS} attempts")

    def depth(self) -> int:
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=self.queue_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


def chunked(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
