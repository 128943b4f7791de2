-- The API connects as the user that runs the migrations (on RDS the master user, which is no superuser): it must
-- be a member of the read-only role to SET ROLE to it for a question's SQL.
DO $$
BEGIN
    EXECUTE format('GRANT cinelake_reader TO %I', current_user);
END
$$;
