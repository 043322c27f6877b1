terraform {
  # 1.10: the S3 backend's own lock file (use_lockfile), no DynamoDB lock table
  required_version = ">= 1.10.0"

  # each environment's state in S3, versioned and encrypted, locked while a plan or apply runs;
  # ./pipeline deploy --env ENV fills it in: bucket state_bucket_name, key marketpipe/ENV/terraform.tfstate
  backend "s3" {}

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project     = "marketpipe"
      environment = var.environment
    }
  }
}
