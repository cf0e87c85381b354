#!/usr/bin/env python3
"""Writes presigned-vectors.json: presigned S3 URLs made by boto3's generate_presigned_url at a fixed time, the judge
for sci's own signing (SciS3Tests). Run with a Python that has boto3:
    ~/.cache/sci/peers/s3/bin/python Tests/SciS3Tests/Fixtures/make-presigned-vectors.py > presigned-vectors.json
The credentials are AWS's documented example keys, not real ones."""
import datetime
import json
import sys
from unittest import mock

import boto3
import botocore
import botocore.auth
from botocore.config import Config

FIXED = datetime.datetime(2026, 12, 4, 17, 5, 9, tzinfo=datetime.timezone.utc)
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

CASES = [
    # (endpoint, region, method, client method, params, expires)
    ("http://127.0.0.1:9000", "us-east-1", "GET", "get_object", {"Bucket": "sci-data", "Key": "run/raw_1.fits"}, 3600),
    ("http://127.0.0.1:9000", "us-east-1", "GET", "get_object", {"Bucket": "sci-data", "Key": "a dir/with spaces & plus+.txt"}, 600),
    ("http://127.0.0.1:9000", "eu-west-2", "GET", "get_object", {"Bucket": "sci-data", "Key": "données/ébauche – Ω/星.fits"}, 86400),
    ("http://127.0.0.1:9000", "us-east-1", "PUT", "put_object", {"Bucket": "sci-data", "Key": "uploads/new file.bin"}, 900),
    ("http://127.0.0.1:9000", "us-east-1", "PUT", "upload_part",
     {"Bucket": "sci-data", "Key": "big/map ü.fits", "UploadId": "abc/def+ghi=", "PartNumber": 3}, 3600),
    ("http://127.0.0.1:9000", "us-east-1", "GET", "get_object",
     {"Bucket": "sci-data", "Key": "maps/cmb map.fits", "ResponseContentDisposition": 'attachment; filename="cmb map.fits"'}, 300),
    ("https://s3.example.org", "us-west-2", "GET", "get_object", {"Bucket": "survey", "Key": "~tilde/a=b;c,d@e$f!g'h(i)*j"}, 3600),
    # A PUT that may only create the object: boto3 signs the If-None-Match header into the URL.
    ("http://127.0.0.1:9000", "us-east-1", "PUT", "put_object",
     {"Bucket": "sci-data", "Key": "alice/1b9d/map ü.fits", "IfNoneMatch": "*"}, 3600),
]


def main():
    vectors = []
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda: FIXED.replace(tzinfo=None)):
        for endpoint, region, method, operation, params, expires in CASES:
            client = boto3.client(
                "s3", endpoint_url=endpoint, region_name=region, aws_access_key_id=ACCESS_KEY,
                aws_secret_access_key=SECRET_KEY,
                config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
            url = client.generate_presigned_url(operation, Params=params, ExpiresIn=expires, HttpMethod=method)
            query = {k: v for k, v in params.items() if k not in ("Bucket", "Key")}
            vectors.append({
                "endpoint": endpoint, "region": region, "method": method, "bucket": params["Bucket"], "key": params["Key"],
                "query": {"uploadId": query["UploadId"], "partNumber": str(query["PartNumber"])} if "UploadId" in query
                else ({"response-content-disposition": query["ResponseContentDisposition"]}
                      if "ResponseContentDisposition" in query else {}),
                "headers": {"If-None-Match": params["IfNoneMatch"]} if "IfNoneMatch" in params else {},
                "expires": expires, "url": url,
            })
    json.dump({"boto3": boto3.__version__, "botocore": botocore.__version__, "date": FIXED.strftime("%Y%m%dT%H%M%SZ"),
               "accessKeyId": ACCESS_KEY, "secretAccessKey": SECRET_KEY, "vectors": vectors},
              sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
