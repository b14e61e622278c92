package io.switchboard.core.notify.apps;

import java.time.Instant;

/**
 * An application's key pair, as the store knows it.
 *
 * @param accessKeyId public id, sent in every request ({@code Credential=})
 * @param application the Application's name
 * @param secretKey the secret key in clear (decrypted on read); never logged or listed
 * @param enabled false once disabled: its requests are refused
 * @param created when it was issued
 */
public record ApiKey(
    String accessKeyId, String application, String secretKey, boolean enabled, Instant created) {

  @Override
  public String toString() {
    return "ApiKey[" + accessKeyId + " of " + application + (enabled ? "" : ", disabled") + "]";
  }
}
