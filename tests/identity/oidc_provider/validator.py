"""Claims of the test provider's ID token."""

import os

from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    # Every claim in the ID token, as Keycloak does for the default client scopes.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        user = request.user
        claims = {
            "email": user.email,
            "email_verified": True,
            "given_name": user.first_name,
            "family_name": user.last_name,
        }
        amr = os.environ.get("OIDC_TEST_AMR", "")
        if amr:
            claims["amr"] = amr.split(",")
        return claims
