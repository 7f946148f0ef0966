import { Annotations, RemovalPolicy, Validations } from "aws-cdk-lib";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";

export interface OpsTopicProps {
  readonly topicName: string;
  /**
   * Encrypt with a customer-managed KMS key that CloudWatch may use (alarms cannot publish to a
   * topic encrypted with the AWS-managed `alias/aws/sns` key).
   * @default false
   */
  readonly encrypt?: boolean;
  /** @default - no subscription; subscribe a pager or chat integration out of band */
  readonly email?: string;
}

/** The SNS topic every alarm notifies: TLS-only, optionally KMS-encrypted. */
export class OpsTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: OpsTopicProps) {
    super(scope, id);
    let masterKey: Key | undefined;
    if (props.encrypt) {
      masterKey = new Key(this, "Key", {
        description: `Encrypts the ops topic ${props.topicName}.`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      masterKey.addToResourcePolicy(
        new PolicyStatement({
          sid: "CloudWatchAlarmsPublish",
          principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
        }),
      );
    }
    this.topic = new Topic(this, "Topic", { topicName: props.topicName, enforceSSL: true, masterKey });
    if (!masterKey) {
      Validations.of(this.topic).acknowledge({
        id: "AwsSolutions-SNS2",
        reason:
          "Stage setting encryptOpsTopic is off: alarm notifications carry alarm names and states only, no tenant data.",
      });
    }
    if (!props.email) {
      Annotations.of(this.topic).addWarningV2(
        "Platform-OpsTopicWithoutSubscriber",
        `${props.topicName} has no subscriber: its alarms notify no one until ops subscribe (stage setting opsEmail, or a pager or chat integration).`,
      );
    }
    if (props.email) {
      const subscription = new EmailSubscription(props.email);
      this.topic.addSubscription(subscription);
      Validations.of(this.topic).acknowledge({
        id: "Serverless-SNSRedrivePolicy",
        reason:
          "An undelivered ops e-mail loses nothing: the alarm itself keeps its state and history in CloudWatch.",
      });
    }
  }
}
