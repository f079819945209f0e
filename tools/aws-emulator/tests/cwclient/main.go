// cwclient drives the emulator's CloudWatch endpoint with the same aws-sdk-go-v2
// CloudWatch client version as the Terraform AWS provider (see go.mod), which speaks the
// Smithy RPC v2 CBOR protocol. It runs the calls aws_cloudwatch_metric_alarm makes and
// prints one JSON document with what came back; tests/test_cloudwatch_cbor.py checks it.
//
//	go run . -endpoint http://127.0.0.1:PORT -access-key ... -secret-key ... [-session-token ...]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
)

func main() {
	endpoint := flag.String("endpoint", "", "emulator base URL")
	region := flag.String("region", "eu-central-1", "region")
	accessKey := flag.String("access-key", "test", "access key id")
	secretKey := flag.String("secret-key", "test", "secret access key")
	sessionToken := flag.String("session-token", "", "session token")
	name := flag.String("alarm", "lq3-cbor-alarm", "alarm name")
	flag.Parse()

	client := cloudwatch.New(cloudwatch.Options{
		Region:       *region,
		BaseEndpoint: endpoint,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: *accessKey, SecretAccessKey: *secretKey, SessionToken: *sessionToken}, nil
		}),
		RetryMaxAttempts: 1,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()

	out := map[string]any{}
	must := func(step string, err error) {
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", step, err)
			os.Exit(1)
		}
	}

	_, err := client.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName:          name,
		AlarmDescription:   aws.String("5xx above threshold"),
		ComparisonOperator: types.ComparisonOperatorGreaterThanOrEqualToThreshold,
		EvaluationPeriods:  aws.Int32(3),
		DatapointsToAlarm:  aws.Int32(2),
		MetricName:         aws.String("HTTPCode_Target_5XX_Count"),
		Namespace:          aws.String("AWS/ApplicationELB"),
		Period:             aws.Int32(60),
		Statistic:          types.StatisticSum,
		Threshold:          aws.Float64(80.5),
		TreatMissingData:   aws.String("notBreaching"),
		ActionsEnabled:     aws.Bool(true),
		AlarmActions:       []string{"arn:aws:sns:eu-central-1:111111111111:alarms"},
		OKActions:          []string{"arn:aws:sns:eu-central-1:111111111111:alarms"},
		Dimensions:         []types.Dimension{{Name: aws.String("LoadBalancer"), Value: aws.String("app/lq3/0123456789abcdef")}},
		Tags:               []types.Tag{{Key: aws.String("Environment"), Value: aws.String("staging01")}},
	})
	must("PutMetricAlarm", err)

	described, err := client.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{*name}})
	must("DescribeAlarms", err)
	if len(described.MetricAlarms) != 1 {
		must("DescribeAlarms", fmt.Errorf("want 1 alarm, got %d", len(described.MetricAlarms)))
	}
	a := described.MetricAlarms[0]
	dims := map[string]string{}
	for _, d := range a.Dimensions {
		dims[aws.ToString(d.Name)] = aws.ToString(d.Value)
	}
	out["alarm"] = map[string]any{
		"AlarmName":          aws.ToString(a.AlarmName),
		"AlarmArn":           aws.ToString(a.AlarmArn),
		"AlarmDescription":   aws.ToString(a.AlarmDescription),
		"ComparisonOperator": string(a.ComparisonOperator),
		"EvaluationPeriods":  aws.ToInt32(a.EvaluationPeriods),
		"DatapointsToAlarm":  aws.ToInt32(a.DatapointsToAlarm),
		"Period":             aws.ToInt32(a.Period),
		"Threshold":          aws.ToFloat64(a.Threshold),
		"Statistic":          string(a.Statistic),
		"TreatMissingData":   aws.ToString(a.TreatMissingData),
		"ActionsEnabled":     aws.ToBool(a.ActionsEnabled),
		"AlarmActions":       a.AlarmActions,
		"Dimensions":         dims,
		"StateValue":         string(a.StateValue),
		"UpdatedUnix":        aws.ToTime(a.AlarmConfigurationUpdatedTimestamp).Unix(),
	}

	tags := func(step string) map[string]string {
		listed, err := client.ListTagsForResource(ctx, &cloudwatch.ListTagsForResourceInput{ResourceARN: a.AlarmArn})
		must(step, err)
		m := map[string]string{}
		for _, t := range listed.Tags {
			m[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		return m
	}
	out["tagsAfterCreate"] = tags("ListTagsForResource")

	_, err = client.TagResource(ctx, &cloudwatch.TagResourceInput{ResourceARN: a.AlarmArn, Tags: []types.Tag{{Key: aws.String("Owner"), Value: aws.String("platform-team")}}})
	must("TagResource", err)
	out["tagsAfterTag"] = tags("ListTagsForResource after TagResource")

	_, err = client.UntagResource(ctx, &cloudwatch.UntagResourceInput{ResourceARN: a.AlarmArn, TagKeys: []string{"Environment"}})
	must("UntagResource", err)
	out["tagsAfterUntag"] = tags("ListTagsForResource after UntagResource")

	// Errors the service models: the client must get the modeled Go error type and the
	// query error code (x-amzn-query-error), as the provider's error checks expect.
	apiError := func(err error) map[string]string {
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) {
			return map[string]string{"error": fmt.Sprint(err)}
		}
		return map[string]string{"code": apiErr.ErrorCode(), "message": apiErr.ErrorMessage(), "goType": fmt.Sprintf("%T", apiErr)}
	}
	missing := "arn:aws:cloudwatch:eu-central-1:111111111111:alarm:does-not-exist"
	_, err = client.TagResource(ctx, &cloudwatch.TagResourceInput{ResourceARN: aws.String(missing), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	out["tagMissingAlarmError"] = apiError(err)
	_, err = client.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("does-not-exist"), StateValue: types.StateValueAlarm, StateReason: aws.String("test")})
	out["setStateMissingAlarmError"] = apiError(err)

	_, err = client.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{*name}})
	must("DeleteAlarms", err)
	after, err := client.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{*name}})
	must("DescribeAlarms after DeleteAlarms", err)
	out["alarmsAfterDelete"] = len(after.MetricAlarms)

	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	must("encode", enc.Encode(out))
}
