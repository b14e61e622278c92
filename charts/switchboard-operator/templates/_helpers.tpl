{{/* Full name of the release's objects. */}}
{{- define "switchboard-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "switchboard-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "switchboard-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "switchboard-operator.selectorLabels" -}}
app.kubernetes.io/name: switchboard-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "switchboard-operator.labels" -}}
{{ include "switchboard-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: switchboard
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The namespaced rules: what the operator reads and writes where MessagingServers live. */}}
{{- define "switchboard-operator.namespacedRules" -}}
- apiGroups: ["switchboard.io"]
  resources: ["messagingservers", "channels", "templates", "applications"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["switchboard.io"]
  resources: ["messagingservers/status", "channels/status", "templates/status", "applications/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["switchboard.io"]
  resources: ["messagingservers/finalizers", "channels/finalizers", "templates/finalizers", "applications/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
# Secrets: Channels' credentials and servers' MongoDB URIs are read; each server's API master
# key and admin token and each Application's key pair are generated once into a Secret the
# operator owns.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies", "ingresses"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors"]
  verbs: ["get", "create", "patch", "update", "delete"]
{{- end -}}
