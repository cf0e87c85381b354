"""Makes moto_server check signatures: creates an IAM user allowed every S3 action and an access key for it, prints
'ACCESS_KEY_ID SECRET_ACCESS_KEY' on one line, then sets moto's INITIAL_NO_AUTH_ACTION_COUNT to 0 so that from now on
every request must be signed by that key (a wrong secret fails with SignatureDoesNotMatch).
Usage: python moto-iam-key.py http://127.0.0.1:PORT   (with the s3 peer's venv, which has boto3)"""
import json
import sys
import urllib.request

import boto3

endpoint = sys.argv[1]
# Before the switch moto accepts any key; these placeholders only shape the requests.
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="sci-test")
iam.put_user_policy(UserName="sci-test", PolicyName="s3-all", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
key = iam.create_access_key(UserName="sci-test")["AccessKey"]
# text/plain: Flask would read a form-encoded body as a form and leave moto an empty one.
request = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
                                 headers={"Content-Type": "text/plain"})
with urllib.request.urlopen(request) as answer:
    answer.read()
print(key["AccessKeyId"], key["SecretAccessKey"])
