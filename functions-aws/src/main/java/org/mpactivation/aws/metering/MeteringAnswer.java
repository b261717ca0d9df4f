package org.mpactivation.aws.metering;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mpactivation.aws.AnswerFields;

/**
 * BatchMeterUsage's answer as it came: each result's echoed usage record, status and MeteringRecordId, and
 * the unprocessed records, each with the {@code LicenseArn} AWS echoes on licence-based records. Fields the
 * model does not know are skipped; a missing field reads as null.
 */
final class MeteringAnswer {

    /** One usage record as the answer echoes it. */
    record Echo(String customerIdentifier, String customerAwsAccountId, String licenseArn, String dimension,
                Instant timestamp, Integer quantity) {
    }

    /** One entry of {@code Results}; {@code record} is null when the entry echoed none. */
    record Result(Echo record, String status, String meteringRecordId) {
    }

    final List<Result> results = new ArrayList<>();
    final List<Echo> unprocessed = new ArrayList<>();

    static MeteringAnswer read(JsonParser json) throws IOException {
        MeteringAnswer answer = new MeteringAnswer();
        if (!AnswerFields.enterObject(json)) {
            return answer;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            if ("Results".equals(name) && AnswerFields.isArray(json)) {
                for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY && t != null; t = json.nextToken()) {
                    Result result = result(json);
                    if (result != null) {
                        answer.results.add(result);
                    }
                }
            } else if ("UnprocessedRecords".equals(name) && AnswerFields.isArray(json)) {
                for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY && t != null; t = json.nextToken()) {
                    Echo record = echo(json);
                    if (record != null) {
                        answer.unprocessed.add(record);
                    }
                }
            } else {
                json.skipChildren();
            }
        }
        return answer;
    }

    private static Result result(JsonParser json) throws IOException {
        if (!AnswerFields.enterObject(json)) {
            return null;
        }
        Echo record = null;
        String status = null;
        String meteringRecordId = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "UsageRecord" -> record = echo(json);
                case "Status" -> status = AnswerFields.text(json);
                case "MeteringRecordId" -> meteringRecordId = AnswerFields.text(json);
                default -> json.skipChildren();
            }
        }
        return new Result(record, status, meteringRecordId);
    }

    private static Echo echo(JsonParser json) throws IOException {
        if (!AnswerFields.enterObject(json)) {
            return null;
        }
        String customerIdentifier = null;
        String accountId = null;
        String licenseArn = null;
        String dimension = null;
        Instant timestamp = null;
        Integer quantity = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "CustomerIdentifier" -> customerIdentifier = AnswerFields.text(json);
                case "CustomerAWSAccountId" -> accountId = AnswerFields.text(json);
                case "LicenseArn" -> licenseArn = AnswerFields.text(json);
                case "Dimension" -> dimension = AnswerFields.text(json);
                case "Timestamp" -> timestamp = AnswerFields.epochSeconds(json);
                case "Quantity" -> quantity = AnswerFields.integer(json);
                default -> json.skipChildren();
            }
        }
        return new Echo(customerIdentifier, accountId, licenseArn, dimension, timestamp, quantity);
    }
}
