"""The composition root: which database a configuration names, and what happens when it names none."""

import pytest
from pydantic import SecretStr

from cinelake.bootstrap import Adapters, adapters, installed, names_a_database
from cinelake.config import Settings
from cinelake.errors import ConfigurationError

pytestmark = pytest.mark.unit

LOAD_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cinelake-dev-load"


def deployed(**changes) -> Settings:
    """A deployed function's database settings (its login secret, the host), changed as given."""
    values = {"database_url": None, "database_secret_arn": LOAD_SECRET, "database_host": "db.example.internal"}
    return Settings(**(values | changes))


def test_a_deployed_function_without_its_database_host_fails_with_a_configuration_error():
    # GIVEN LoadFunction's settings as deployed, but with DATABASE_HOST missing
    real = Adapters(deployed(database_host=None))
    # WHEN it asks for its connection THEN it is told what to set, before any secret or local stand-in is tried
    with pytest.raises(ConfigurationError, match="DATABASE_SECRET_ARN is set, DATABASE_HOST is unset"):
        real.database()


def test_no_database_setting_at_all_is_a_configuration_error_too():
    with pytest.raises(ConfigurationError, match="set DATABASE_URL"):
        Adapters(Settings(database_url=None, database_secret_arn=None)).database_url()


def test_a_url_or_a_secret_with_its_host_names_a_database():
    assert names_a_database(Settings(database_url=SecretStr("postgresql://u@h/d")))
    assert names_a_database(deployed())
    assert not names_a_database(deployed(database_host=None))
    assert not names_a_database(Settings(database_url=None, database_secret_arn=None))


def test_installed_adapters_are_the_processs_for_the_duration():
    # GIVEN adapters of their own settings
    mine = Adapters(Settings(data_lake_bucket="my-lake"))
    # WHEN installed THEN the handlers' adapters() are those, and afterwards no longer
    with installed(mine):
        assert adapters() is mine
    assert adapters() is not mine


def test_changed_settings_are_validated_and_keep_the_aws_session():
    base = Adapters(Settings(data_lake_bucket="lake"), aws_session=None)
    changed = base.with_settings(database_url="postgresql://u@h/d", tmdb_rate_limit="12.5")
    assert changed.settings.database_url == SecretStr("postgresql://u@h/d")
    assert changed.settings.tmdb_rate_limit == 12.5 and changed.settings.data_lake_bucket == "lake"
